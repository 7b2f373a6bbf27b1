package org.mint4j.onnx;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.util.Arrays;
import org.mint4j.nn.Safetensors.Tensor;
import org.mint4j.nn.TorchOwned;

/**
 * The operators of {@link Operators#TABLE} that move, select or compute rather than transform
 * values: layouts (Transpose, Flatten, Reshape, Squeeze, Unsqueeze), selections and joins (Slice,
 * Split, Gather, Concat, Pad, Expand, Where) and the integer arithmetic of shapes (Shape, Cast,
 * ConstantOfShape, Constant), as transformers and torch.onnx's reshapes need them.
 */
final class ShapeOperators {

    private ShapeOperators() {
    }

    /** The input's shape as int64 (opset 15's start and end taken). */
    static NDArray shape(Call c) {
        long[] shape = c.input(0).getShape().getShape();
        int rank = shape.length;
        int start = (int) clamp(c.integer("start", 0), rank);
        int end = (int) clamp(c.integer("end", rank), rank);
        return TorchOwned.copy(c.manager().create(Arrays.copyOfRange(shape, start, end)));
    }

    /** A scalar index drops the axis; a list of indices keeps it. */
    static NDArray gather(Call c) {
        NDArray x = c.input(0);
        NDArray indices = c.input(1);
        int at = axis(c.integer("axis", 0), x);
        long size = x.getShape().get(at);
        long[] picked = indices.toType(ai.djl.ndarray.types.DataType.INT64, false).toLongArray();
        NDList parts = new NDList();
        for (long index : picked) {
            String[] ranges = wholeAxes(x);
            ranges[at] = Long.toString(index < 0 ? index + size : index);
            parts.add(x.get(new NDIndex(String.join(",", ranges))));
        }
        if (indices.getShape().dimension() == 0) {
            return parts.get(0);
        }
        if (indices.getShape().dimension() > 1) {
            throw new IllegalArgumentException("indices of rank " + indices.getShape().dimension()
                    + " are not supported, only a scalar or a list");
        }
        return NDArrays.stack(parts, at);
    }

    /** Axes from the input (opset 13) or the attribute (earlier), counted in the output's rank. */
    static NDArray unsqueeze(Call c) {
        NDArray x = c.input(0);
        long[] axes = c.has(1) ? c.integers(1) : c.integers("axes", null);
        int rank = x.getShape().dimension() + axes.length;
        int[] sorted = Arrays.stream(axes).mapToInt(a -> (int) (a < 0 ? a + rank : a)).sorted().toArray();
        for (int a : sorted) {
            x = x.expandDims(a);
        }
        return x;
    }

    static NDArray cast(Call c) {
        long to = c.integer("to", TensorProto.DataType.FLOAT_VALUE);
        ai.djl.ndarray.types.DataType type = switch ((int) to) {
            case TensorProto.DataType.FLOAT_VALUE -> ai.djl.ndarray.types.DataType.FLOAT32;
            case TensorProto.DataType.INT64_VALUE -> ai.djl.ndarray.types.DataType.INT64;
            case TensorProto.DataType.INT32_VALUE -> ai.djl.ndarray.types.DataType.INT32;
            case TensorProto.DataType.BOOL_VALUE -> ai.djl.ndarray.types.DataType.BOOLEAN;
            default -> throw new IllegalArgumentException("cast to " + TensorProto.DataType.forNumber((int) to)
                    + " is not supported, only to float, int64, int32 or bool");
        };
        return c.input(0).toType(type, false);
    }

    /** Filled with the value attribute's one element (float 0 by default). */
    static NDArray constantOfShape(Call c) {
        Shape shape = new Shape(c.integers(0));
        if (!c.has("value")) {
            return c.manager().zeros(shape);
        }
        TensorProto value = c.tensorAttribute("value").getT();
        if (value.getDataType() == TensorProto.DataType.FLOAT_VALUE) {
            return c.manager().full(shape, OnnxTensors.floats(c.model().file(), value).values()[0]);
        }
        return c.manager().full(shape, OnnxTensors.longs(value)[0], ai.djl.ndarray.types.DataType.INT64);
    }

    /** Broadcast both ways, as numpy does: the target may also be smaller than the input's shape. */
    static NDArray expand(Call c) {
        NDArray x = c.input(0);
        return x.broadcast(broadcast(x.getShape().getShape(), c.integers(1)));
    }

    /** Where, with its three inputs broadcast to one shape as ONNX's (numpy's) rules do. */
    static NDArray where(Call c) {
        Shape shape = broadcast(broadcast(c.input(0).getShape().getShape(), c.input(1).getShape().getShape())
                .getShape(), c.input(2).getShape().getShape());
        return NDArrays.where(c.input(0).broadcast(shape), c.input(1).broadcast(shape), c.input(2).broadcast(shape));
    }

    /** The shape two shapes broadcast to: aligned from the last axis, a 1 taking the other's size. */
    private static Shape broadcast(long[] one, long[] other) {
        int rank = Math.max(one.length, other.length);
        long[] out = new long[rank];
        for (int d = 0; d < rank; d++) {
            long a = d < rank - one.length ? 1 : one[d - (rank - one.length)];
            long b = d < rank - other.length ? 1 : other[d - (rank - other.length)];
            out[d] = a == 1 ? b : a;
        }
        return new Shape(out);
    }

    static NDArray transpose(Call c) {
        NDArray x = c.input(0);
        long[] perm = c.integers("perm", null);
        if (perm == null) {
            return x.transpose();
        }
        return x.transpose(Arrays.stream(perm).mapToInt(p -> (int) p).toArray());
    }

    static NDArray concat(Call c) {
        NDList parts = new NDList();
        for (int i = 0; i < c.inputs().size(); i++) {
            parts.add(c.input(i));
        }
        return NDArrays.concat(parts, axis(c.integer("axis", 1), parts.get(0)));
    }

    static NDArray flatten(Call c) {
        NDArray x = c.input(0);
        int axis = axis(c.integer("axis", 1), x);
        return x.reshape(new Shape(x.getShape().slice(0, axis).size(), -1));
    }

    /** ONNX's 0 copies the input's dimension; -1 is inferred. */
    static NDArray reshape(Call c) {
        NDArray x = c.input(0);
        long[] target = c.integers(1).clone();
        if (c.integer("allowzero", 0) != 0) {
            throw new IllegalArgumentException("allowzero = 1 is not supported");
        }
        for (int i = 0; i < target.length; i++) {
            if (target[i] == 0) {
                target[i] = x.getShape().get(i);
            }
        }
        return x.reshape(new Shape(target));
    }

    /** Constant mode; ONNX lists all begins then all ends, DJL (as PyTorch) pairs per axis from the last. */
    static NDArray pad(Call c) {
        if (!c.string("mode", "constant").equals("constant")) {
            throw new IllegalArgumentException("pad mode '" + c.string("mode", "") + "' is not supported, only constant");
        }
        NDArray x = c.input(0);
        long[] pads = c.integers(1);
        int rank = pads.length / 2;
        long[] pairs = new long[pads.length];
        for (int d = 0; d < rank; d++) {
            pairs[2 * d] = pads[rank - 1 - d];
            pairs[2 * d + 1] = pads[2 * rank - 1 - d];
        }
        return x.pad(new Shape(pairs), c.has(2) ? c.input(2).getFloat() : 0);
    }

    static NDArray slice(Call c) {
        NDArray x = c.input(0);
        long[] starts = c.integers(1);
        long[] ends = c.integers(2);
        long[] axes = c.integers(3);
        long[] steps = c.integers(4);
        String[] ranges = wholeAxes(x);
        for (int i = 0; i < starts.length; i++) {
            int axis = axes == null ? i : axis(axes[i], x);
            long dim = x.getShape().get(axis);
            long step = steps == null ? 1 : steps[i];
            if (step <= 0) {
                throw new IllegalArgumentException("slice steps must be positive, not " + step);
            }
            ranges[axis] = clamp(starts[i], dim) + ":" + clamp(ends[i], dim) + ":" + step;
        }
        return x.get(new NDIndex(String.join(",", ranges)));
    }

    /**
     * An index taking all of every axis, each spelled 0:size: DJL hands ":" to PyTorch as a slice
     * from 0 to the largest index, which PyTorch runs as a slice (and its backward writes a
     * gradient of the whole input), where it returns the input itself for exactly 0:size.
     */
    private static String[] wholeAxes(NDArray x) {
        long[] shape = x.getShape().getShape();
        String[] ranges = new String[shape.length];
        for (int axis = 0; axis < shape.length; axis++) {
            ranges[axis] = "0:" + shape[axis];
        }
        return ranges;
    }

    /** Parts along an axis: the sizes given (an input from opset 13, an attribute before), else equal parts. */
    static NDList split(Call c) {
        NDArray x = c.input(0);
        int axis = axis(c.integer("axis", 0), x);
        long[] sizes = splitSizes(c.integers(1) != null ? c.integers(1) : c.integers("split", null),
                x.getShape().get(axis), c.node().getOutputCount());
        long[] points = new long[sizes.length - 1];
        for (int i = 0; i < points.length; i++) {
            points[i] = (i == 0 ? 0 : points[i - 1]) + sizes[i];
        }
        return x.split(points, axis);
    }

    /** A Split's part sizes: as given, or {@code parts} equal ones of an axis of size {@code dim}. */
    static long[] splitSizes(long[] given, long dim, int parts) {
        if (given != null) {
            return given;
        }
        long[] sizes = new long[parts];
        Arrays.fill(sizes, dim / parts);
        return sizes;
    }

    /** Drops the axes given (an input from opset 13, an attribute before), else every axis of size 1. */
    static NDArray squeeze(Call c) {
        NDArray x = c.input(0);
        long[] axes = c.integers(1) != null ? c.integers(1) : c.integers("axes", null);
        if (axes == null) {
            return x.squeeze();
        }
        return x.squeeze(Arrays.stream(axes).mapToInt(a -> axis(a, x)).toArray());
    }

    /** ONNX's start of a slice along an axis of size {@code dim} (negative counts from the end, clamped). */
    static long clamp(long index, long dim) {
        return Math.max(0, Math.min(dim, index < 0 ? index + dim : index));
    }

    static NDArray constant(Call c) {
        Tensor t = OnnxTensors.floats(c.model().file(), c.tensorAttribute("value").getT());
        return TorchOwned.copy(c.manager().create(t.values(), new Shape(t.shape())));
    }

    /** An ONNX axis (negative counts from the end) as an index into {@code x}'s shape. */
    static int axis(long axis, NDArray x) {
        return (int) (axis < 0 ? axis + x.getShape().dimension() : axis);
    }
}
