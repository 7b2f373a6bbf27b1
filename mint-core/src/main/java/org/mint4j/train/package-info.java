/**
 * Training: the schedule, SGD with PyTorch semantics, the resumable training loop and its checkpoints, evaluation, the engine's set-up.
 */
package org.mint4j.train;
