package org.mint4j.prune;

import java.io.Serializable;

/** A parent -> child layer pair and how many sequential groups each layer is split into. */
public record LayerPair(String parent, String child, Integer parentGroups, Integer childGroups) implements Serializable {

    @Override
    public String toString() {
        return parent + " -> " + child + " (" + parentGroups + " x " + childGroups + " groups)";
    }
}
