package org.mint4j.nn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.mint4j.nn.WeightFileException;
import org.mint4j.util.AtomicFiles;
import org.mint4j.util.IoErrors;

/**
 * The safetensors format (float32 tensors only): an 8-byte little-endian header length, a JSON
 * header mapping each name to its dtype, shape and byte range, then the raw little-endian data.
 * The interchange format with PyTorch: names are PyTorch's state_dict names.
 */
public final class Safetensors {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Safetensors() {
    }

    /** A float32 tensor. */
    public record Tensor(long[] shape, float[] values) {
        public Tensor {
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            if (n != values.length) {
                throw new IllegalArgumentException("shape " + java.util.Arrays.toString(shape) + " needs " + n
                        + " values, got " + values.length);
            }
        }
    }

    /**
     * Reads every tensor, in file order.
     *
     * @throws WeightFileException naming the file (and the tensor) if it is missing, truncated,
     *     not safetensors, or holds a tensor that is not F32
     */
    public static Map<String, Tensor> read(Path file) {
        byte[] all;
        try {
            all = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new WeightFileException(file, "missing");
        } catch (IOException e) {
            throw new WeightFileException(file, "unreadable: " + IoErrors.describe(e, file));
        }
        if (all.length < 8) {
            throw new WeightFileException(file, "truncated: " + all.length + " bytes, no safetensors header");
        }
        long headerLength = ByteBuffer.wrap(all, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (headerLength <= 0 || 8 + headerLength > all.length) {
            throw new WeightFileException(file, "not safetensors or truncated: header length " + headerLength
                    + ", file length " + all.length);
        }
        JsonNode header;
        try {
            header = JSON.readTree(new String(all, 8, (int) headerLength, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new WeightFileException(file, "not safetensors: the header is not JSON (" + e.getMessage() + ")");
        }
        long dataStart = 8 + headerLength;
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals("__metadata__")) {
                continue;
            }
            JsonNode t = e.getValue();
            String dtype = t.path("dtype").asText();
            if (!dtype.equals("F32")) {
                throw new WeightFileException(file, "tensor '" + e.getKey() + "' has dtype " + dtype
                        + "; mint4j reads F32 only");
            }
            long[] shape = new long[t.path("shape").size()];
            for (int d = 0; d < shape.length; d++) {
                shape[d] = t.path("shape").get(d).asLong();
            }
            long begin = t.path("data_offsets").get(0).asLong();
            long end = t.path("data_offsets").get(1).asLong();
            long count = 1;
            for (long d : shape) {
                count *= d;
            }
            if (end - begin != 4 * count || dataStart + end > all.length || begin < 0) {
                throw new WeightFileException(file, "tensor '" + e.getKey() + "' spans bytes [" + begin + ", " + end
                        + ") for shape " + java.util.Arrays.toString(shape) + "; the data section has "
                        + (all.length - dataStart) + " bytes (truncated or corrupt)");
            }
            float[] values = new float[(int) count];
            ByteBuffer.wrap(all, (int) (dataStart + begin), (int) (end - begin)).order(ByteOrder.LITTLE_ENDIAN)
                    .asFloatBuffer().get(values);
            out.put(e.getKey(), new Tensor(shape, values));
        }
        return out;
    }

    /** Writes tensors in the given order, atomically, with optional string metadata. */
    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) {
        ObjectNode header = JSON.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode meta = header.putObject("__metadata__");
            metadata.forEach(meta::put);
        }
        long offset = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            ObjectNode t = header.putObject(e.getKey());
            t.put("dtype", "F32");
            var shape = t.putArray("shape");
            for (long d : e.getValue().shape()) {
                shape.add(d);
            }
            long bytes = 4L * e.getValue().values().length;
            t.putArray("data_offsets").add(offset).add(offset + bytes);
            offset += bytes;
        }
        byte[] json;
        try {
            json = JSON.writeValueAsBytes(header);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int padded = (json.length + 7) / 8 * 8;
        byte[] headerBytes = java.util.Arrays.copyOf(json, padded);
        java.util.Arrays.fill(headerBytes, json.length, padded, (byte) ' ');
        AtomicFiles.write(file, out -> {
            out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded).array());
            out.write(headerBytes);
            for (Tensor t : tensors.values()) {
                ByteBuffer b = ByteBuffer.allocate(4 * t.values().length).order(ByteOrder.LITTLE_ENDIAN);
                b.asFloatBuffer().put(t.values());
                out.write(b.array());
            }
        });
    }
}
