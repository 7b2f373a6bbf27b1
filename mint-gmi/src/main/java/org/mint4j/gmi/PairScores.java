package org.mint4j.gmi;

/** The estimates of one layer pair: {@code result(i, j)} scores child group i against parent group j. */
public final class PairScores {

    private final GmiResult[][] results;

    PairScores(GmiResult[][] results) {
        this.results = results;
    }

    public int childGroups() {
        return results.length;
    }

    public int parentGroups() {
        return results.length == 0 ? 0 : results[0].length;
    }

    public GmiResult result(int childGroup, int parentGroup) {
        return results[childGroup][parentGroup];
    }

    /** The estimates as a [child groups x parent groups] array. */
    public double[][] estimates() {
        double[][] out = new double[childGroups()][parentGroups()];
        for (int i = 0; i < out.length; i++) {
            for (int j = 0; j < out[i].length; j++) {
                out[i][j] = results[i][j].estimate();
            }
        }
        return out;
    }
}
