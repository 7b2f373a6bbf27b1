package org.mint4j.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/** A network whose linked channel counts can change: what compaction needs to rebuild it smaller. */
public interface CompactableNetwork extends ChannelStructure {

    /** The links whose channels can be removed, in forward order. */
    List<ChannelLink> channelLinks();

    /** The channel count of each link's producer, in the order of {@link #channelLinks()}. */
    int[] channels();

    /** The same architecture with these channel counts, not yet initialised. */
    CompactableNetwork withChannels(int[] channels);

    /**
     * One family per link: the producer's filters and bias, the norm's scale, shift and running
     * statistics, and the consumer's input columns.
     */
    @Override
    default List<ChannelFamily> channelFamilies() {
        Map<String, ai.djl.nn.Parameter> params = namedParameters();
        List<ChannelFamily> out = new ArrayList<>();
        for (ChannelLink link : channelLinks()) {
            int channels = (int) params.get(link.producer() + ".weight").getShape().get(0);
            int[] identity = IntStream.range(0, channels).toArray();
            List<ChannelFamily.Cut> cuts = new ArrayList<>();
            cuts.add(new ChannelFamily.Cut(link.producer() + ".weight", 0, ChannelFamily.Role.WRITER, identity, 1));
            List<String> others = new ArrayList<>(List.of(link.producer() + ".bias"));
            if (link.norm() != null) {
                cuts.add(new ChannelFamily.Cut(link.norm() + ".weight", 0, ChannelFamily.Role.NORM_SCALE, identity, 1));
                others.addAll(List.of(link.norm() + ".bias", link.norm() + ".running_mean", link.norm() + ".running_var"));
            }
            others.stream().filter(params::containsKey)
                    .forEach(t -> cuts.add(new ChannelFamily.Cut(t, 0, ChannelFamily.Role.OTHER, identity, 1)));
            cuts.add(new ChannelFamily.Cut(link.consumer() + ".weight", 1, ChannelFamily.Role.READER, identity, 1));
            out.add(new ChannelFamily(link.producer(), channels, List.copyOf(cuts)));
        }
        return out;
    }
}
