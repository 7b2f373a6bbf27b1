package org.mint4j.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.mint4j.exec.Task;
import org.mint4j.gmi.ColumnGroups;
import org.mint4j.gmi.LayerPairScorer;
import org.mint4j.gmi.Matrix;
import org.mint4j.gmi.bench.EstimatorBenchmark;

/**
 * One layer pair scored by ranges of parent groups: a unit is a range, its result the MINT
 * estimates [child groups][groups of the range]. The workload of the cluster test and benchmark.
 */
public record PairScoringTask(Matrix parents, Matrix children, ColumnGroups parentGroups, ColumnGroups childGroups)
        implements Task<PairScoringTask.GroupRange, double[][]> {

    /** Parent groups [from, to). */
    public record GroupRange(int from, int to) implements Serializable {
    }

    /**
     * A layer pair of synthetic activations like a trained MLP's (as mint-gmi's benchmark makes
     * them): parents are ReLU mixtures of 64 Gaussian inputs, children ReLU mixtures of the parents.
     */
    public static PairScoringTask synthetic(long seed, int rows, int parentWidth, int parentGroups, int childWidth,
            int childGroups) {
        Random rng = new Random(seed);
        Matrix parents = EstimatorBenchmark.activations(rng, Matrix.gaussian(rng, rows, 64), parentWidth);
        Matrix children = EstimatorBenchmark.activations(rng, parents, childWidth);
        return new PairScoringTask(parents, children, ColumnGroups.sequential(parentWidth, parentGroups),
                ColumnGroups.sequential(childWidth, childGroups));
    }

    /** The parent groups [0, groups) in consecutive ranges of {@code groupsPerUnit} (the last may be shorter). */
    public static List<GroupRange> ranges(int groups, int groupsPerUnit) {
        List<GroupRange> ranges = new ArrayList<>();
        for (int from = 0; from < groups; from += groupsPerUnit) {
            ranges.add(new GroupRange(from, Math.min(groups, from + groupsPerUnit)));
        }
        return ranges;
    }

    @Override
    public double[][] run(GroupRange range, int threads) {
        return LayerPairScorer.builder().optThreads(threads).build()
                .score(parents, children, parentGroups, childGroups, range.from(), range.to()).estimates();
    }
}
