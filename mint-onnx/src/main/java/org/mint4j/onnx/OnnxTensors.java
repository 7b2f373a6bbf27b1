package org.mint4j.onnx;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import ai.onnx.proto.OnnxMl.TensorProto;
import org.mint4j.nn.Safetensors.Tensor;

/** ONNX tensors to and from mint4j's: float32 weights, int64/int32 constants, and the 2-D transpose. */
final class OnnxTensors {

    private OnnxTensors() {
    }

    /** A float32 tensor's values (raw little-endian data or float_data). */
    static Tensor floats(Path file, TensorProto t) {
        if (t.getDataType() != TensorProto.DataType.FLOAT_VALUE) {
            throw new OnnxException(file, "tensor '" + t.getName() + "' is of type "
                    + TensorProto.DataType.forNumber(t.getDataType()) + "; mint-onnx supports float32 tensors");
        }
        long[] shape = t.getDimsList().stream().mapToLong(Long::longValue).toArray();
        float[] values;
        if (!t.getRawData().isEmpty()) {
            ByteBuffer raw = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            values = new float[raw.remaining() / Float.BYTES];
            raw.asFloatBuffer().get(values);
        } else {
            values = new float[t.getFloatDataCount()];
            for (int i = 0; i < values.length; i++) {
                values[i] = t.getFloatData(i);
            }
        }
        try {
            return new Tensor(shape, values);
        } catch (IllegalArgumentException e) {
            throw new OnnxException(file, "tensor '" + t.getName() + "': " + e.getMessage() + " (truncated or corrupt)", e);
        }
    }

    /** An int64 or int32 tensor's values. */
    static long[] longs(TensorProto t) {
        if (!t.getRawData().isEmpty()) {
            ByteBuffer raw = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            if (t.getDataType() == TensorProto.DataType.INT32_VALUE) {
                return toLongs(raw);
            }
            long[] out = new long[raw.remaining() / Long.BYTES];
            raw.asLongBuffer().get(out);
            return out;
        }
        return t.getDataType() == TensorProto.DataType.INT32_VALUE
                ? t.getInt32DataList().stream().mapToLong(Integer::longValue).toArray()
                : t.getInt64DataList().stream().mapToLong(Long::longValue).toArray();
    }

    private static long[] toLongs(ByteBuffer int32s) {
        long[] out = new long[int32s.remaining() / Integer.BYTES];
        for (int i = 0; i < out.length; i++) {
            out[i] = int32s.getInt();
        }
        return out;
    }

    /** A 2-D tensor transposed. */
    static Tensor transpose(Tensor t) {
        int rows = (int) t.shape()[0];
        int cols = (int) t.shape()[1];
        float[] out = new float[t.values().length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                out[c * rows + r] = t.values()[r * cols + c];
            }
        }
        return new Tensor(new long[] {cols, rows}, out);
    }

    /** A float32 tensor as raw little-endian data. */
    static TensorProto encode(String name, Tensor t) {
        ByteBuffer raw = ByteBuffer.allocate(t.values().length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(t.values());
        TensorProto.Builder b = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE)
                .setRawData(ByteString.copyFrom(raw));
        for (long d : t.shape()) {
            b.addDims(d);
        }
        return b.build();
    }

    /** A vector of int64s (shapes, bounds). */
    static TensorProto int64(String name, long[] values) {
        return TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.INT64_VALUE)
                .addDims(values.length).addAllInt64Data(java.util.Arrays.stream(values).boxed().toList()).build();
    }
}
