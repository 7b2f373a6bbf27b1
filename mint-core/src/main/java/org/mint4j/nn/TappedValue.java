package org.mint4j.nn;

/**
 * An activation that MINT pairs may name as a parent without being a prunable layer's output: an
 * imported transformer's attention heads, as its output projection reads them.
 *
 * @param name the name pairs give it, e.g. {@code encoder.layers.encoder_layer_0.self_attention.in_proj.heads}
 * @param outputs its width (the columns the reading layer takes)
 */
public record TappedValue(String name, int outputs) {
}
