package org.mint4j.nn;

import java.util.List;

/** A network whose linked channel counts can change: what compaction needs to rebuild it smaller. */
public interface CompactableNetwork extends PrunableNetwork {

    /** The links whose channels can be removed, in forward order. */
    List<ChannelLink> channelLinks();

    /** The channel count of each link's producer, in the order of {@link #channelLinks()}. */
    int[] channels();

    /** The same architecture with these channel counts, not yet initialised. */
    CompactableNetwork withChannels(int[] channels);
}
