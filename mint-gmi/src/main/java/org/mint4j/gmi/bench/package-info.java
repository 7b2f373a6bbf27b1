/**
 * Benchmarks and power studies of the estimator.
 */
package org.mint4j.gmi.bench;
