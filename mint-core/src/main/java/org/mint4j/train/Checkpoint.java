package org.mint4j.train;

import org.mint4j.util.Json;
import org.mint4j.nn.WeightFileException;
import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.mint4j.nn.Networks;
import org.mint4j.nn.PrunableNetwork;
import org.mint4j.util.AtomicFiles;
import org.mint4j.util.Checksums;
import org.mint4j.util.IoErrors;

/**
 * The state of a training run after an epoch, in one versioned, checksummed file: magic, format
 * version, a JSON header (epoch, schedule position, best accuracy, history), the network's DJL
 * parameters, the optimizer's momentum buffers, and a SHA-256 of all that. Written atomically.
 * The random state needs no saving: every epoch's shuffle, augmentation and dropout draw from
 * generators seeded by (seed, epoch).
 */
public final class Checkpoint {

    static final byte[] MAGIC = "MINT4J-CHECKPOINT\n".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 2;

    private Checkpoint() {
    }

    /**
     * What the JSON header holds.
     *
     * @param bestAccuracy the best {@linkplain EpochRecord#selectionAccuracy() selection accuracy}
     *     (validation, or test without a hold-out), reached at {@code bestEpoch}
     */
    public record State(int completedEpochs, double bestAccuracy, int bestEpoch, long seed,
            java.util.List<EpochRecord> history) {

        /** The epoch whose weights were kept. */
        public EpochRecord selected() {
            return history.get(bestEpoch - 1);
        }

        public EpochRecord last() {
            return history.get(history.size() - 1);
        }

        /** The highest test accuracy of any epoch: the paper's convention, which selects on the test set. */
        public double bestTestAccuracy() {
            return history.stream().mapToDouble(EpochRecord::testAccuracy).max().orElse(Double.NaN);
        }
    }

    public static void save(Path file, State state, PrunableNetwork network, NesterovSgd optimizer) {
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(payload)) {
            byte[] header = Json.line(state).getBytes(StandardCharsets.UTF_8);
            out.writeInt(header.length);
            out.write(header);
            network.block().saveParameters(out);
            Map<String, String> idToName = idToName(network);
            Map<String, NDArray> buffers = new LinkedHashMap<>();
            optimizer.buffers().forEach((id, array) -> buffers.put(idToName.getOrDefault(id, id), array));
            out.writeInt(buffers.size());
            for (Map.Entry<String, NDArray> e : buffers.entrySet()) {
                out.writeUTF(e.getKey());
                long[] shape = e.getValue().getShape().getShape();
                out.writeInt(shape.length);
                for (long d : shape) {
                    out.writeLong(d);
                }
                for (float v : e.getValue().toFloatArray()) {
                    out.writeFloat(v);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] body = payload.toByteArray();
        AtomicFiles.write(file, out -> {
            DataOutputStream d = new DataOutputStream(out);
            d.write(MAGIC);
            d.writeInt(VERSION);
            d.writeLong(body.length);
            d.write(body);
            d.write(Checksums.sha256(body).getBytes(StandardCharsets.US_ASCII));
            d.flush();
        });
    }

    /**
     * Restores the network's parameters and the optimizer's buffers and returns the header.
     *
     * @throws WeightFileException if the file is missing, not a checkpoint, of another version,
     *     truncated, corrupt, or made for another network
     */
    public static State load(Path file, PrunableNetwork network, NesterovSgd optimizer, NDManager manager) {
        byte[] body = readBody(file);
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(body))) {
            byte[] header = new byte[in.readInt()];
            in.readFully(header);
            State state = Json.MAPPER.readValue(header, State.class);
            Networks.loadParameters(network, manager, in);
            Map<String, String> nameToId = new LinkedHashMap<>();
            idToName(network).forEach((id, name) -> nameToId.put(name, id));
            optimizer.buffers().clear();
            int count = in.readInt();
            for (int i = 0; i < count; i++) {
                String name = in.readUTF();
                long[] shape = new long[in.readInt()];
                for (int d = 0; d < shape.length; d++) {
                    shape[d] = in.readLong();
                }
                float[] values = new float[Math.toIntExact(Arrays.stream(shape).reduce(1, (a, b) -> a * b))];
                for (int v = 0; v < values.length; v++) {
                    values[v] = in.readFloat();
                }
                String id = nameToId.get(name);
                if (id == null) {
                    throw new WeightFileException(file, "has a momentum buffer for '" + name
                            + "', which this network does not have");
                }
                optimizer.buffers().put(id, manager.create(values, new Shape(shape)));
            }
            return state;
        } catch (MalformedModelException | IllegalArgumentException e) {
            throw new WeightFileException(file, "does not fit the " + network.architecture() + " network: "
                    + e.getMessage());
        } catch (IOException e) {
            throw new WeightFileException(file, "unreadable: " + IoErrors.describe(e, file));
        }
    }

    /** Reads and verifies the envelope; returns the checksummed body. */
    static byte[] readBody(Path file) {
        byte[] all;
        try {
            all = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new WeightFileException(file, "missing");
        } catch (IOException e) {
            throw new WeightFileException(file, "unreadable: " + IoErrors.describe(e, file));
        }
        int prefix = Math.min(all.length, MAGIC.length);
        if (!Arrays.equals(all, 0, prefix, MAGIC, 0, prefix)) {
            throw new WeightFileException(file, "not a mint4j checkpoint (wrong magic bytes)");
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(all))) {
            in.readFully(new byte[MAGIC.length]);
            int version = in.readInt();
            if (version != VERSION) {
                throw new WeightFileException(file, "checkpoint format version " + version
                        + "; this mint4j reads version " + VERSION);
            }
            long length = in.readLong();
            if (length < 0 || length > all.length) {
                throw new WeightFileException(file, "truncated: header announces " + length + " bytes, file has "
                        + all.length);
            }
            byte[] body = new byte[(int) length];
            in.readFully(body);
            byte[] sum = new byte[64];
            in.readFully(sum);
            if (!Checksums.sha256(body).equals(new String(sum, StandardCharsets.US_ASCII))) {
                throw new WeightFileException(file, "corrupt: SHA-256 of the content does not match");
            }
            return body;
        } catch (EOFException e) {
            throw new WeightFileException(file, "truncated: ends after " + all.length + " bytes");
        } catch (IOException e) {
            throw new WeightFileException(file, "unreadable: " + IoErrors.describe(e, file));
        }
    }

    private static Map<String, String> idToName(PrunableNetwork network) {
        Map<String, String> out = new LinkedHashMap<>();
        network.namedParameters().forEach((name, p) -> out.put(p.getId(), name));
        return out;
    }
}
