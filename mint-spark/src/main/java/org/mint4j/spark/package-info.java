/**
 * The Apache Spark executor: a job's units of work as Spark tasks, and a standalone cluster on this machine for tests and benchmarks.
 */
package org.mint4j.spark;
