package org.mint4j.prune;

import java.util.LinkedHashMap;
import java.util.Map;
import org.mint4j.gmi.LayerPairScorer;

/**
 * MINT: I(child group i; parent group j | the other parent groups), the conditional geometric MI
 * estimator of mint-gmi, optionally on standardised columns or conditioning on principal
 * components of Z (both off in the paper).
 *
 * @param samplesPerClass m, images per class of the activation sample
 */
public record MintCriterion(int samplesPerClass, boolean standardize, int zComponents) implements RangeCriterion {

    public static final String NAME = "mint";

    public static MintCriterion create(Context context) {
        return new MintCriterion(context.integer("samples_per_class"), context.flag("standardize"),
                context.integer("z_components"));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, String> settings() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("samples_per_class", Integer.toString(samplesPerClass));
        s.put("standardize", Boolean.toString(standardize));
        s.put("z_components", Integer.toString(zComponents));
        return s;
    }

    @Override
    public double[][] score(PairData data, int from, int to, int threads, Progress progress) {
        return LayerPairScorer.builder().optThreads(threads).optStandardize(standardize).optZComponents(zComponents)
                .optProgress(progress::completed).build()
                .score(data.parents(), data.children(), data.parentGroups(), data.childGroups(), from, to)
                .estimates();
    }
}
