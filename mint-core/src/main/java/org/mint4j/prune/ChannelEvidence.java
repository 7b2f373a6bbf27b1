package org.mint4j.prune;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mint4j.nn.ChannelFamily;
import org.mint4j.nn.PrunableLayer;
import org.mint4j.nn.PrunableNetwork;
import org.mint4j.nn.Safetensors.Tensor;

/**
 * What a channel criterion may read: the trained network's tensors by name, which weight each
 * prunable layer has, and the pair scores of its {@link ChannelCriterion#pairScores()} criterion
 * (empty when it has none).
 */
public record ChannelEvidence(Map<String, Tensor> tensors, Map<String, String> weightOfLayer,
        List<ScoredPair> pairScores) {

    /** The network's current tensors and layers, with these pair scores. */
    public static ChannelEvidence of(PrunableNetwork network, List<ScoredPair> pairScores) {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        network.namedParameters().forEach((name, p) -> tensors.put(name, new Tensor(p.getShape().getShape(),
                p.getArray().toFloatArray())));
        Map<String, String> weightOfLayer = new LinkedHashMap<>();
        for (PrunableLayer l : network.prunableLayers()) {
            weightOfLayer.put(l.name(), l.weight());
        }
        return new ChannelEvidence(tensors, weightOfLayer, pairScores);
    }

    /** Every family's importance by {@code criterion}, zeros for the skipped families'. */
    public List<double[]> importance(ChannelCriterion criterion, List<ChannelFamily> families, List<String> skip) {
        List<double[]> out = new ArrayList<>();
        for (ChannelFamily family : families) {
            out.add(skip.contains(family.name()) ? new double[family.channels()] : criterion.importance(family, this));
        }
        return out;
    }

    public Tensor tensor(String name) {
        Tensor t = tensors.get(name);
        if (t == null) {
            throw new IllegalArgumentException("the network has no tensor '" + name + "'");
        }
        return t;
    }
}
