/**
 * Characterising a pruned network beside its original: calibration, adversarial attacks, Grad-CAM.
 */
package org.mint4j.characterize;
