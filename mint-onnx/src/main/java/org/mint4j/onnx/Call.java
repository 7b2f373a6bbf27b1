package org.mint4j.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;

/**
 * One node being run: its attributes, its inputs as arrays (null for an omitted optional input),
 * the import-time integer inputs (shapes, pads, axes) and whether the pass is training.
 */
record Call(OnnxModel model, NodeProto node, List<NDArray> inputs, boolean training, NDManager manager) {

    /** Input {@code i} as data; an integer constant (a shape or pads) is not data. */
    NDArray input(int i) {
        NDArray x = i < inputs.size() ? inputs.get(i) : null;
        if (x == null) {
            throw new IllegalArgumentException("input " + i + " ('" + name(i) + "') must be a float32 tensor");
        }
        return x;
    }

    boolean has(int i) {
        return i < inputs.size() && inputs.get(i) != null;
    }

    /**
     * Integer input {@code i}: a constant (an int64 initializer or Constant), or computed by the
     * graph from shapes in this run (so that it follows the batch size); null when omitted.
     */
    long[] integers(int i) {
        if (i >= node.getInputCount() || node.getInput(i).isEmpty()) {
            return null;
        }
        long[] values = model.integerConstant(name(i));
        if (values != null) {
            return values;
        }
        NDArray x = i < inputs.size() ? inputs.get(i) : null;
        if (x == null || !x.getDataType().isInteger()) {
            throw new IllegalArgumentException("input " + i + " ('" + name(i) + "') must be integers (a shape, "
                    + "axes or bounds), not float data");
        }
        return x.toType(ai.djl.ndarray.types.DataType.INT64, false).toLongArray();
    }

    private String name(int i) {
        return i < node.getInputCount() ? node.getInput(i) : "";
    }

    private static AttributeProto attribute(NodeProto node, String name) {
        for (AttributeProto a : node.getAttributeList()) {
            if (a.getName().equals(name)) {
                return a;
            }
        }
        return null;
    }

    private AttributeProto attribute(String name) {
        return attribute(node, name);
    }

    /** A node's integer attribute, or the fallback when it has none. */
    static long integer(NodeProto node, String name, long fallback) {
        AttributeProto a = attribute(node, name);
        return a == null ? fallback : a.getI();
    }

    /** A node's integer list attribute, or null when it has none. */
    static long[] integers(NodeProto node, String name) {
        AttributeProto a = attribute(node, name);
        return a == null ? null : a.getIntsList().stream().mapToLong(Long::longValue).toArray();
    }

    long integer(String name, long fallback) {
        return integer(node, name, fallback);
    }

    float real(String name, float fallback) {
        AttributeProto a = attribute(name);
        return a == null ? fallback : a.getF();
    }

    long[] integers(String name, long[] fallback) {
        long[] values = integers(node, name);
        return values == null ? fallback : values;
    }

    String string(String name, String fallback) {
        AttributeProto a = attribute(name);
        return a == null ? fallback : a.getS().toStringUtf8();
    }

    boolean has(String attributeName) {
        return attribute(attributeName) != null;
    }

    AttributeProto tensorAttribute(String name) {
        AttributeProto a = attribute(name);
        if (a == null || !a.hasT()) {
            throw new IllegalArgumentException("needs the tensor attribute '" + name + "'");
        }
        return a;
    }
}
