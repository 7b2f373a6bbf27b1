package org.mint4j.gmi;

/**
 * The squared distance from one point to every point of a target set, assembled as
 * base - |minus terms|^2 + |plus terms|^2: a precomputed high-dimensional part (over Z, or over all
 * parents) corrected by low-dimensional terms computed on the fly. The single estimator uses
 * base = Z distances with no minus term; the layer-pair scorer uses base = all-parent distances
 * minus the parent group's own columns.
 */
final class DistanceRows {

    private final double[] base;
    private final int targets;
    private final PointCoordinates minusFrom;
    private final PointCoordinates minusTo;
    private final PointCoordinates plusFrom;
    private final PointCoordinates plusTo;

    /**
     * @param base row-major [sources x targets] squared distances
     * @param minusFrom, minusTo the coordinates to subtract, for sources and for targets
     * @param plusFrom, plusTo the coordinates to add, for sources and for targets
     */
    DistanceRows(double[] base, int targets, PointCoordinates minusFrom, PointCoordinates minusTo,
            PointCoordinates plusFrom, PointCoordinates plusTo) {
        this.base = base;
        this.targets = targets;
        this.minusFrom = minusFrom;
        this.minusTo = minusTo;
        this.plusFrom = plusFrom;
        this.plusTo = plusTo;
    }

    int targets() {
        return targets;
    }

    /** Fills {@code row[0, targets)} with the squared distances from source {@code u}. */
    void fill(int u, double[] row) {
        System.arraycopy(base, u * targets, row, 0, targets);
        minusFrom.accumulateSquaredDistances(u, minusTo, -1.0, row);
        plusFrom.accumulateSquaredDistances(u, plusTo, +1.0, row);
    }
}
