package org.mint4j.run;

import java.io.Serializable;

/** Parent groups [from, to) of layer pair {@code pair}: the smallest piece of scoring that runs alone. */
public record ScoringUnit(int pair, int from, int to) implements Serializable {
}
