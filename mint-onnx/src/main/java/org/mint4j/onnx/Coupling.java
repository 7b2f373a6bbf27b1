package org.mint4j.onnx;

import java.util.List;

/**
 * Channels that can only be pruned together: every set of coupled channels with the same layers
 * writing and reading it, counted once.
 *
 * @param writers the prunable layers whose output channels are in each set, in graph order
 * @param readers the prunable layers that read channels of each set, in graph order (a
 *     depthwise conv both writes and reads)
 * @param channels how many such sets there are (e.g. 64 for a residual stream of 64 channels)
 * @param pinned true when the sets reach the graph's input or output, or an op whose channels
 *     cannot be followed (a channel-axis Pad or Slice, a grouped conv, a general Reshape): never removed
 */
public record Coupling(List<String> writers, List<String> readers, int channels, boolean pinned) {
}
