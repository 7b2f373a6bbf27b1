package org.mint4j.onnx;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;

/** The forward pass of an imported graph: its nodes run in order through the operator table. */
final class GraphForward {

    private final OnnxModel model;
    /** Chains run as one call, by the index of their last node. */
    private final Map<Integer, FusedChains.Chain> chainEnding = new HashMap<>();
    /** Per node, the index of the node it runs with: its own, or its chain's last node's. */
    private final int[] runAt;
    /** Per node run, the values it reads: a chain's inputs and every value its nodes read. */
    private final List<Set<String>> reads = new ArrayList<>();
    /** Per value some node reads, the index of the last node run that reads it. */
    private final Map<String, Integer> lastReader = new HashMap<>();

    /** Runs {@code chains} each as one call ({@link FusedChains}), every other node by itself. */
    GraphForward(OnnxModel model, List<FusedChains.Chain> chains) {
        this.model = model;
        List<NodeProto> nodes = model.nodes();
        runAt = new int[nodes.size()];
        for (int i = 0; i < nodes.size(); i++) {
            runAt[i] = i;
            reads.add(new LinkedHashSet<>());
        }
        for (FusedChains.Chain chain : chains) {
            chainEnding.put(chain.last(), chain);
            for (int node : chain.nodes()) {
                runAt[node] = chain.last();
            }
        }
        for (int i = 0; i < nodes.size(); i++) {
            for (String name : nodes.get(i).getInputList()) {
                reads.get(runAt[i]).add(name);
                lastReader.merge(name, runAt[i], Math::max);
            }
        }
    }

    /**
     * Runs the graph on {@code x}, taking each initializer's array from {@code parameter} and
     * handing every value it makes (all but a fused chain's inner ones) to {@code onValue} (unless
     * null) as it is made; returns the graph's output. A forward holds its live values only: what a node makes and does not output
     * is closed when it has run, and a value once the last node that reads it has run (a ViT at
     * batch 1000 would otherwise hold every intermediate, tens of GB). So {@code onValue} must take
     * what it needs from a value at once. Under autograd that is safe: PyTorch keeps its own
     * references to what backward needs.
     */
    NDArray run(NDManager manager, NDArray x, Function<String, NDArray> parameter, boolean training,
            BiConsumer<String, NDArray> onValue) {
        LiveValues values = new LiveValues();
        values.put(model.inputName(), x);
        List<NodeProto> nodes = model.nodes();
        for (int i = 0; i < nodes.size(); i++) {
            NodeProto node = nodes.get(i);
            if (model.isConstant(node.getOutput(0)) || runAt[i] != i) {
                continue;
            }
            FusedChains.Chain chain = chainEnding.get(i);
            NDList out;
            try (NDScope nodeScope = new NDScope()) {
                List<NDArray> in = new ArrayList<>();
                for (String name : chain == null ? node.getInputList() : chain.inputs()) {
                    in.add(input(manager, name, values, parameter));
                }
                out = chain != null ? new NDList(chain.compute().apply(in))
                        : Operators.TABLE.get(node.getOpType()).forward().apply(new Call(model, node, in, training, manager));
                NDScope.unregister(out);
            } catch (OnnxException e) {
                throw e;
            } catch (RuntimeException e) {
                throw model.nodeError(node, chain == null ? e.getMessage()
                        : "(the last node of a " + chain.name() + " run as one call) " + e.getMessage(), e);
            }
            for (int o = 0; o < node.getOutputCount(); o++) {
                values.put(node.getOutput(o), out.get(o));
                if (onValue != null) {
                    onValue.accept(node.getOutput(o), out.get(o));
                }
            }
            for (String name : reads.get(i)) {
                if (lastReader.get(name) == i) {
                    values.release(name);
                }
            }
            for (String name : node.getOutputList()) {
                if (!lastReader.containsKey(name)) {
                    values.release(name); // read by no node
                }
            }
        }
        NDArray result = values.get(model.outputName());
        if (!values.isParameter(result)) {
            // Back in the caller's scope, as every value was before: the caller closes it.
            NDScope.register(result);
        }
        return result;
    }

    /** A node's input: a value made before, a parameter, or an integer constant as data. */
    private NDArray input(NDManager manager, String name, LiveValues values, Function<String, NDArray> parameter) {
        NDArray v = values.get(name);
        if (v == null && model.initializers().containsKey(name)) {
            v = parameter.apply(name);
            values.neverClose(v);
            return model.transposed(name) ? v.transpose() : v;
        }
        // As data for the ops that compute shapes (Concat, Gather, Mul of integers).
        return v != null ? v : model.integerArray(manager, name);
    }

    /**
     * The values of one forward by name, with how many names hold each array (an operator may hand
     * back one of its inputs). The graph's input and output are never released, nor the parameters
     * closed.
     */
    private final class LiveValues {
        private final Map<String, NDArray> byName = new HashMap<>();
        private final Map<NDArray, Integer> holders = new IdentityHashMap<>();
        private final Set<NDArray> parameters = Collections.newSetFromMap(new IdentityHashMap<>());

        void neverClose(NDArray parameter) {
            parameters.add(parameter);
        }

        boolean isParameter(NDArray array) {
            return parameters.contains(array);
        }

        NDArray get(String name) {
            return byName.get(name);
        }

        void put(String name, NDArray value) {
            NDArray old = byName.put(name, value);
            holders.merge(value, 1, Integer::sum);
            if (old != null) {
                drop(old);
            }
        }

        void release(String name) {
            if (!name.equals(model.inputName()) && !name.equals(model.outputName()) && byName.containsKey(name)) {
                drop(byName.remove(name));
            }
        }

        private void drop(NDArray array) {
            if (holders.merge(array, -1, Integer::sum) == 0) {
                holders.remove(array);
                if (!isParameter(array)) {
                    array.close();
                }
            }
        }
    }
}
