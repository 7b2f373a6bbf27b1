/**
 * Executors: where independent units of work run (scoring ranges of a layer pair, retraining
 * points). The local executor runs them in this JVM; an Apache Spark executor (module
 * {@code mint-spark}) runs them as Spark tasks. Stages plan the units and write every result
 * themselves, so an executor only computes.
 */
package org.mint4j.exec;
