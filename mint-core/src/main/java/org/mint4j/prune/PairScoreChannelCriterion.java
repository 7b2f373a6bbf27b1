package org.mint4j.prune;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mint4j.gmi.ColumnGroups;
import org.mint4j.nn.ChannelFamily;
import org.mint4j.nn.ChannelFamily.Role;

/**
 * A channel's importance from a pair criterion's scores (MINT's, or Taylor's): the mean score of
 * the connections its removal cuts. Removing channel c of a family cuts every connection from c
 * to the layers reading it: in each scored pair whose child reads the family, the group pairs
 * (every child group i, the parent group j holding c's column). MINT keeps a connection when its
 * child group depends on its parent group given the other parents; the paper's reading is that
 * the retained filters are those contributing the majority of the information the next layer
 * uses. So a channel whose connections all carry little conditional information is the one to
 * remove, and the mean of those scores is the information it carries, on the same scale as the
 * connection plan's global percentile (a mean, not a sum, so that layers with more child groups
 * or readers do not win by count). With {@code G} groups per layer instead of one per channel,
 * the channels of a group share its scores and ties go by position.
 *
 * @param pairCriterion the criterion whose pair scores are aggregated
 */
public record PairScoreChannelCriterion(String pairCriterion) implements ChannelCriterion {

    @Override
    public String name() {
        return pairCriterion;
    }

    @Override
    public Map<String, String> settings() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("pair_scores", pairCriterion);
        s.put("reduction", "mean_over_cut_connections");
        return s;
    }

    @Override
    public Optional<String> pairScores() {
        return Optional.of(pairCriterion);
    }

    @Override
    public double[] importance(ChannelFamily family, ChannelEvidence evidence) {
        double[] sum = new double[family.channels()];
        long[] count = new long[family.channels()];
        List<String> readers = family.cuts(Role.READER).stream().map(ChannelFamily.Cut::tensor).toList();
        for (ScoredPair sp : evidence.pairScores()) {
            String childWeight = evidence.weightOfLayer().get(sp.pair().child());
            int r = readers.indexOf(childWeight);
            if (r < 0) {
                continue;
            }
            ChannelFamily.Cut cut = family.cuts(Role.READER).get(r);
            int[] groupOfOutput = groupOfOutput(sp.parentGroups());
            LayerPair.Columns columns = sp.pair().columns();
            int first = columns == null ? 0 : columns.offset();
            int block = columns == null ? 1 : columns.block();
            for (int c = 0; c < sum.length; c++) {
                for (int col = cut.starts()[c]; col < cut.starts()[c] + cut.width(); col++) {
                    int parentOutput = Math.floorDiv(col - first, block);
                    if (parentOutput < 0 || parentOutput >= groupOfOutput.length) {
                        continue; // read from another parent's slice: that pair scores it
                    }
                    for (double[] row : sp.scores()) {
                        sum[c] += row[groupOfOutput[parentOutput]];
                        count[c]++;
                    }
                }
            }
        }
        if (count.length > 0 && count[0] == 0) {
            throw new IllegalArgumentException("criterion " + pairCriterion + " ranks the channels of "
                    + family.name() + " by the scores of the pairs whose child reads them, but no pair of the recipe "
                    + "has a child reading them (their readers' weights: " + readers + "); list " + family.name()
                    + " in mint.skip, or rank channels by their weights (magnitude, slimming, random)");
        }
        for (int c = 0; c < sum.length; c++) {
            sum[c] /= count[c];
        }
        return sum;
    }

    private static int[] groupOfOutput(ColumnGroups groups) {
        int[] out = new int[groups.width()];
        for (int g = 0; g < groups.count(); g++) {
            for (int col : groups.columns(g)) {
                out[col] = g;
            }
        }
        return out;
    }
}
