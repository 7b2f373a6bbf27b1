/**
 * Shipping a pruned network: compaction of dead channels, versioned model directories, size and latency measures.
 */
package org.mint4j.deploy;
