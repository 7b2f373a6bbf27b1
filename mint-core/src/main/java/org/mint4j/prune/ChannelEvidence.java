package org.mint4j.prune;

import java.util.List;
import java.util.Map;
import org.mint4j.nn.Safetensors.Tensor;

/**
 * What a channel criterion may read: the trained network's tensors by name, which weight each
 * prunable layer has, and the pair scores of its {@link ChannelCriterion#pairScores()} criterion
 * (empty when it has none).
 */
public record ChannelEvidence(Map<String, Tensor> tensors, Map<String, String> weightOfLayer,
        List<ScoredPair> pairScores) {

    public Tensor tensor(String name) {
        Tensor t = tensors.get(name);
        if (t == null) {
            throw new IllegalArgumentException("the network has no tensor '" + name + "'");
        }
        return t;
    }
}
