package org.mint4j.nn;

import java.util.List;

/** A network that can say which channels are removed together: what a channel plan ranks and cuts. */
public interface ChannelStructure extends PrunableNetwork {

    /** Every family of removable channels, in forward order; channels that must stay are in none. */
    List<ChannelFamily> channelFamilies();
}
