package org.mint4j.prune;

import java.util.List;
import java.util.OptionalInt;
import java.util.Set;

/** A network that can find its own MINT layer pairs (for {@code mint.pairs: auto}), e.g. from its graph. */
public interface DerivedPairs {

    /**
     * Each prunable layer not in {@code skip} with the layer whose outputs it reads.
     *
     * @param groups sequential groups per layer (a layer with fewer channels gets one per channel);
     *     empty for one group per channel
     */
    List<LayerPair> derivePairs(OptionalInt groups, Set<String> skip);
}
