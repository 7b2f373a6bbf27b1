/**
 * Networks mint4j can train, tap and prune: the built-in architectures, their registry, weights by PyTorch name, verified weight files.
 */
package org.mint4j.nn;
