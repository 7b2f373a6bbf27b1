/**
 * The conditional geometric mutual-information estimator of MINT and its layer-pair scorer: plain Java, no DJL.
 */
package org.mint4j.gmi;
