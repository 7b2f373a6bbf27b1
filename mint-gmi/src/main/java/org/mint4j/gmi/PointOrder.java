package org.mint4j.gmi;

/**
 * An order of a tree's points: position p holds point {@code original(p)}. Prim streams distance
 * rows in this order, so an order close to the order in which the tree takes its points lets it
 * skip whole runs of points already in the tree; the tree itself does not depend on the order.
 */
final class PointOrder {

    private final int[] original;
    private final int[] position;

    private PointOrder(int[] original) {
        this.original = original;
        this.position = new int[original.length];
        for (int p = 0; p < original.length; p++) {
            position[original[p]] = p;
        }
    }

    static PointOrder identity(int points) {
        int[] original = new int[points];
        for (int p = 0; p < points; p++) {
            original[p] = p;
        }
        return new PointOrder(original);
    }

    /** The points in the order given, a permutation of [0, order.length). */
    static PointOrder of(int[] order) {
        return new PointOrder(order.clone());
    }

    int size() {
        return original.length;
    }

    int original(int p) {
        return original[p];
    }

    int position(int point) {
        return position[point];
    }

    /** rows[original(p)] for each position p. */
    int[] apply(int[] rows) {
        int[] out = new int[original.length];
        for (int p = 0; p < out.length; p++) {
            out[p] = rows[original[p]];
        }
        return out;
    }
}
