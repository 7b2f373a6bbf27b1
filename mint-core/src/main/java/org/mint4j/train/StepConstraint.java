package org.mint4j.train;

/** A constraint the training loop keeps on the parameters, such as fixed pruning masks. */
public interface StepConstraint {

    /** Before the first step (also after a resume). */
    void beforeTraining();

    /** After backward, before the optimizer updates the parameters. */
    void beforeUpdate();
}
