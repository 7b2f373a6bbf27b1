package org.mint4j.run;

import java.util.List;
import org.mint4j.exec.Task;
import org.mint4j.prune.Criterion;
import org.mint4j.prune.PairData;
import org.mint4j.prune.RangeCriterion;
import org.mint4j.util.Progress;

/** Scores units of one criterion; carries every pair's activations and weights, shipped once per job. */
record ScoringTask(Criterion criterion, List<PairData> pairs) implements Task<ScoringUnit, double[][]> {

    @Override
    public double[][] run(ScoringUnit unit, int threads) {
        PairData data = pairs.get(unit.pair());
        int total = data.childGroups().count() * (unit.to() - unit.from());
        try (Progress progress = Progress.start(String.format("%s %s->%s", criterion.name(), data.pair().parent(),
                data.pair().child()), total)) {
            Criterion.Progress told = (done, all) -> progress.stepTo(done);
            boolean whole = unit.from() == 0 && unit.to() == data.parentGroups().count();
            return whole ? criterion.score(data, threads, told)
                    : ((RangeCriterion) criterion).score(data, unit.from(), unit.to(), threads, told);
        }
    }
}
