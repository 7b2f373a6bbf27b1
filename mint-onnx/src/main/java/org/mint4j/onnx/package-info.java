/**
 * Bring your own model: an ONNX graph imported as a trainable, tapped DJL network
 * ({@link org.mint4j.onnx.OnnxModel}, {@link org.mint4j.onnx.OnnxNetwork}), what is pruned together
 * read from the graph ({@link org.mint4j.onnx.Dependencies}), and the network written back as an
 * ONNX model: as imported, masked or compacted ({@link org.mint4j.onnx.OnnxExport}).
 */
package org.mint4j.onnx;
