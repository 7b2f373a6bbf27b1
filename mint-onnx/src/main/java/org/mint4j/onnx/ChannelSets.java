package org.mint4j.onnx;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Every channel of every value with channels as one element of a union-find: {@link Dependencies}
 * joins the channels an operator ties together, so that each set is what is pruned together, and
 * pins the channels nothing may remove (the graph's input and output, what an operator reads in a
 * way that cannot be followed). A set is pinned when any of its channels is, once {@link #seal}ed.
 */
final class ChannelSets {

    private final Map<String, Integer> first = new HashMap<>();
    private final Map<String, Integer> width = new HashMap<>();
    private final int[] parent;
    private final boolean[] pinned;
    /** Per set root, after {@link #seal}: whether any channel of the set is pinned. */
    private boolean[] pinnedSet;

    ChannelSets(ChannelAxes axes) {
        int size = 0;
        for (String v : axes.values()) {
            first.put(v, size);
            width.put(v, axes.width(v));
            size += width.get(v);
        }
        parent = new int[size];
        pinned = new boolean[size];
        for (int i = 0; i < size; i++) {
            parent[i] = i;
        }
    }

    /** Whether the value has channels (see {@link ChannelAxes}). */
    boolean has(String value) {
        return first.containsKey(value);
    }

    Set<String> values() {
        return first.keySet();
    }

    int width(String value) {
        return width.get(value);
    }

    /** How many channels all values have together: the elements, numbered from 0. */
    int size() {
        return parent.length;
    }

    void join(String a, int channelOfA, String b, int channelOfB) {
        parent[root(element(a, channelOfA))] = root(element(b, channelOfB));
    }

    void pin(String value) {
        if (has(value)) {
            for (int c = 0; c < width(value); c++) {
                pinned[element(value, c)] = true;
            }
        }
    }

    /** Marks every set with a pinned channel as pinned: after the last {@link #join} and {@link #pin}. */
    void seal() {
        pinnedSet = new boolean[parent.length];
        for (int e = 0; e < parent.length; e++) {
            pinnedSet[root(e)] |= pinned[e];
        }
    }

    boolean isPinned(int root) {
        return pinnedSet[root];
    }

    /** The set that channel {@code channel} of {@code value} belongs to, named by its root. */
    int root(String value, int channel) {
        return root(element(value, channel));
    }

    /** The root of element {@code e}'s set ({@code e} itself when it is one). */
    int root(int e) {
        while (parent[e] != e) {
            parent[e] = parent[parent[e]];
            e = parent[e];
        }
        return e;
    }

    private int element(String value, int channel) {
        return first.get(value) + channel;
    }
}
