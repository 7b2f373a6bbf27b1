package org.mint4j.run;

import java.io.Serializable;

/** One retraining point: a criterion's masks at a target, retrained into {@code directory}. */
public record RetrainUnit(String criterion, double target, String directory) implements Serializable {
}
