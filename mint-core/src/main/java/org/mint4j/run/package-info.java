/**
 * The pipeline: the run directory's layout, the stages (baseline, sample, score, plan, retrain, results), their composition, studies and reports.
 */
package org.mint4j.run;
