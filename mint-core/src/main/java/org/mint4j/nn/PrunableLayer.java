package org.mint4j.nn;

/**
 * A layer whose output neurons or channels MINT can score and whose incoming weights it can mask.
 *
 * @param name the layer's PyTorch-style name, e.g. {@code fc1} or {@code layer1.0.conv1}
 * @param weight the PyTorch-style name of its weight, e.g. {@code fc1.weight}
 * @param outputs the number of output neurons or channels (the width of its tap)
 */
public record PrunableLayer(String name, String weight, int outputs) {
}
