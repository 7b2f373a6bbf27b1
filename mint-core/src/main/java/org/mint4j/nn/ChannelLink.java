package org.mint4j.nn;

/**
 * Channels that one layer produces and exactly one other layer reads, with only an optional
 * BatchNorm and a ReLU (and pooling, which keeps constants constant) in between: the unit that
 * compaction can shrink without touching anything else. Channels that feed a residual addition are
 * never part of a link.
 *
 * @param producer the layer making the channels (its weight's dim 0), e.g. {@code conv3}
 * @param norm the BatchNorm between them, or null
 * @param consumer the layer reading them (its weight's dim 1)
 * @param constantFoldsIntoBias true when a channel that is constant over the input can be folded
 *     into the consumer's bias exactly: a linear consumer, or a conv on a 1x1 map. A padded conv
 *     sees a constant channel as non-constant at the borders, so there it cannot.
 */
public record ChannelLink(String producer, String norm, String consumer, boolean constantFoldsIntoBias) {
}
