package org.mint4j.nn;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** A network that can say which channels are removed together: what a channel plan ranks and cuts. */
public interface ChannelStructure extends PrunableNetwork {

    /** Every family of removable channels, in forward order; channels that must stay are in none. */
    List<ChannelFamily> channelFamilies();

    /**
     * This network without the channels its current weights no longer read, when it can be rebuilt
     * so (files it needs go under {@code directory}); empty when it cannot, and a channel plan's
     * retraining then trains the masked network instead.
     */
    default Optional<CompactedCopy> compactedCopy(NDManager manager, Path directory) {
        return Optional.empty();
    }
}
