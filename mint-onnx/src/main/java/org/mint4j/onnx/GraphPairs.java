package org.mint4j.onnx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.mint4j.prune.LayerPair;

/**
 * MINT's layer pairs read from a graph's coupled channel sets ({@link Dependencies}): which earlier
 * layer's outputs a dense layer reads, whole, as a Concat's slice, flattened, or as attention heads.
 */
final class GraphPairs {

    private final Dependencies dependencies;
    private final OnnxModel model;

    GraphPairs(Dependencies dependencies) {
        this.dependencies = dependencies;
        this.model = dependencies.model();
    }

    /**
     * An attention's heads as one tapped value ({@link org.mint4j.nn.TappedValue}): the input of
     * the layer that reads every head (the output projection), each head a run of its columns.
     *
     * @param name the heads' family name (their in-projection's name and {@code .heads})
     * @param value the reading layer's input
     * @param width the columns it reads
     * @param heads how many heads
     */
    record HeadTap(String name, String value, int width, int heads) {
    }

    /** The heads that a dense layer reads, whole and in order, from a value that holds the batch. */
    List<HeadTap> headTaps() {
        Map<Integer, Integer> headOfRoot = new HashMap<>();
        Map<Integer, Integer> headsOfRoot = new HashMap<>();
        for (String v : dependencies.axes().values()) {
            ChannelAxes.Layout l = dependencies.axes().layout(v);
            if (l.split() && !l.headsOnly()) {
                for (int e = 0; e < dependencies.width(v); e++) {
                    headOfRoot.put(dependencies.root(v, e), e / dependencies.axes().perHead(v));
                    headsOfRoot.put(dependencies.root(v, e), l.heads());
                }
            }
        }
        List<HeadTap> out = new ArrayList<>();
        Set<String> values = new HashSet<>();
        for (Layer layer : model.layers()) {
            String in = layer.input();
            if (!layer.dense() || !dependencies.readsChannels(layer) || model.batch(in) == null || values.contains(in)) {
                continue;
            }
            int first = dependencies.root(in, 0);
            Integer heads = headsOfRoot.get(first);
            int per = layer.inChannels() / (heads == null ? 1 : heads);
            boolean whole = heads != null && per * heads == layer.inChannels();
            for (int c = 0; whole && c < layer.inChannels(); c++) {
                int root = dependencies.root(in, c);
                whole = headOfRoot.containsKey(root) && headOfRoot.get(root) == c / per
                        && root == dependencies.root(in, c / per * per);
            }
            if (whole) {
                String writer = model.layers().stream().filter(l -> IntStream.range(0, l.outChannels())
                        .anyMatch(o -> dependencies.root(l.output(), o) == first)).findFirst().orElseThrow().name();
                out.add(new HeadTap(writer + ".heads", in, layer.inChannels(), heads));
                values.add(in);
            }
        }
        return out;
    }

    /**
     * MINT's layer pairs: each dense layer not in {@code skip} (the child) with every earlier layer
     * whose outputs are, channel for channel and in order, a run of what the child reads (its
     * parents), the latest layer first: the whole input (through an Add, the stream's most recent
     * writer), each producer's slice of a Concat, the run of a producer's channels a Slice or Split
     * passes on (the parent's tap standing for that run), or a conv's channels flattened with their
     * positions (a block of columns per channel). A layer reading attention heads pairs with
     * them instead ({@link #headTaps}), a group per head. Columns no layer writes (the image, a
     * grouped conv's input) are in no pair.
     */
    List<LayerPair> pairs(Grouping grouping, Set<String> skip) {
        List<HeadTap> headTaps = headTaps();
        List<LayerPair> out = new ArrayList<>();
        List<Layer> layers = model.layers();
        for (int c = 0; c < layers.size(); c++) {
            Layer child = layers.get(c);
            if (!child.dense() || !dependencies.readsChannels(child) || !dependencies.tapped(child) || skip.contains(child.name())) {
                continue;
            }
            HeadTap heads = headTaps.stream().filter(t -> t.value().equals(child.input())).findFirst().orElse(null);
            if (heads != null) {
                out.add(new LayerPair(heads.name(), child.name(), heads.heads(), grouping.of(child.outChannels())));
                continue;
            }
            int[] roots = new int[child.inChannels()];
            for (int col = 0; col < roots.length; col++) {
                roots[col] = dependencies.root(child.input(), col);
            }
            boolean[] claimed = new boolean[roots.length];
            int unclaimed = roots.length;
            List<LayerPair> found = new ArrayList<>();
            for (int p = c - 1; p >= 0 && unclaimed > 0; p--) {
                Layer parent = layers.get(p);
                LayerPair.Columns columns = dependencies.tapped(parent) ? columnsOf(parent, roots, claimed) : null;
                if (columns == null) {
                    continue;
                }
                int span = columns.width() * columns.block();
                Arrays.fill(claimed, columns.offset(), columns.offset() + span, true);
                unclaimed -= span;
                boolean whole = span == roots.length && columns.block() == 1 && columns.width() == parent.outChannels();
                found.add(new LayerPair(parent.name(), child.name(), grouping.of(columns.width()),
                        grouping.of(child.outChannels()), whole ? null : columns));
            }
            found.sort(Comparator.comparingInt(pair -> pair.columns() == null ? 0 : pair.columns().offset()));
            out.addAll(found);
        }
        return out;
    }

    /**
     * Where the parent's output channels sit, in order, among the child's unclaimed input columns
     * (by their sets' roots), each owning the same number of consecutive columns: all of them if
     * they do anywhere, else the longest run of at least two of them (what a Slice or Split of the
     * parent passes on; MINT needs two parent groups); null if neither.
     */
    private LayerPair.Columns columnsOf(Layer parent, int[] roots, boolean[] claimed) {
        int width = parent.outChannels();
        Map<Integer, Integer> channelOfRoot = new HashMap<>();
        for (int k = width - 1; k >= 0; k--) {
            channelOfRoot.put(dependencies.root(parent.output(), k), k);
        }
        LayerPair.Columns longest = null;
        for (int offset = 0; offset < roots.length; offset++) {
            Integer from = channelOfRoot.get(roots[offset]);
            if (from == null || claimed[offset]) {
                continue;
            }
            int block = 1;
            while (offset + block < roots.length && roots[offset + block] == roots[offset]) {
                block++;
            }
            int run = 0;
            while (from + run < width && fits(dependencies.root(parent.output(), from + run), roots, claimed,
                    offset + run * block, block)) {
                run++;
            }
            if (run == width) {
                return new LayerPair.Columns(offset, run, block);
            }
            if (run >= 2 && (longest == null || run > longest.width())) {
                longest = new LayerPair.Columns(offset, run, block, from);
            }
        }
        return longest;
    }

    /** Whether the {@code block} columns from {@code start} are unclaimed and all belong to {@code root}. */
    private static boolean fits(int root, int[] roots, boolean[] claimed, int start, int block) {
        if (start + block > roots.length) {
            return false;
        }
        for (int col = start; col < start + block; col++) {
            if (roots[col] != root || claimed[col]) {
                return false;
            }
        }
        return true;
    }
}
