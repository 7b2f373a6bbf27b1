package org.mint4j.gmi;

/**
 * The nearest-neighbour bootstrap of Sen et al. (2017): each row of half A takes the Y of the
 * half-B row nearest to it in Z, so the bootstrap points keep p(x, z) and draw y from p(y | z).
 */
final class NearestNeighbourBootstrap {

    private NearestNeighbourBootstrap() {
    }

    /**
     * For each half-A row a, the index into half B of its nearest row in Z (lowest index on ties).
     *
     * @param zDistancesAB squared Z distances from half A to half B
     */
    static int[] donors(DistanceRows zDistancesAB, int rowsA) {
        int nb = zDistancesAB.targets();
        double[] row = new double[nb];
        int[] donor = new int[rowsA];
        for (int a = 0; a < rowsA; a++) {
            zDistancesAB.fill(a, row);
            int best = 0;
            for (int b = 1; b < nb; b++) {
                if (row[b] < row[best]) {
                    best = b;
                }
            }
            donor[a] = best;
        }
        return donor;
    }
}
