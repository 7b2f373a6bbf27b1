package org.mint4j.nn;

/**
 * A network rebuilt without the channels that its original's weights no longer read: the same
 * outputs, fewer parameters and MACs, so training it costs less than training the masked original.
 * Nothing ties the two afterwards but {@link #writeBack}.
 */
public interface CompactedCopy {

    /** The smaller network, initialised with the original's kept values. */
    PrunableNetwork network();

    /** Sets the original's parameters to the smaller network's current values, zero where channels were removed. */
    void writeBack();
}
