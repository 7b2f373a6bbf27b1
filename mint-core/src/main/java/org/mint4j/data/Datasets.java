package org.mint4j.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mint4j.util.Checksums;
import org.mint4j.util.IoErrors;

/**
 * The datasets mint4j reads, each verified against published checksums before use:
 * {@code mnist}, {@code fashion-mnist} (IDX, .gz or raw) and {@code cifar10} (binary version).
 */
public final class Datasets {

    public static final List<String> NAMES = List.of("mnist", "fashion-mnist", "cifar10", "imagenet");

    /** Decompressed MD5s, as published for MNIST (torchvision) and Fashion-MNIST (Zalando). */
    private static final Map<String, String> IDX_MD5 = Map.of(
            "mnist/train-images-idx3-ubyte", "6bbc9ace898e44ae57da46a324031adb",
            "mnist/train-labels-idx1-ubyte", "a25bea736e30d166cdddb491f175f624",
            "mnist/t10k-images-idx3-ubyte", "2646ac647ad5339dbf082846283269ea",
            "mnist/t10k-labels-idx1-ubyte", "27ae3e4e09519cfbb04c329615203637",
            "fashion-mnist/train-images-idx3-ubyte", "f4a8712d7a061bf5bd6d2ca38dc4d50a",
            "fashion-mnist/train-labels-idx1-ubyte", "9018921c3c673c538a1fc5bad174d6f9",
            "fashion-mnist/t10k-images-idx3-ubyte", "8181f5470baa50b63fa0f6fddb340f0a",
            "fashion-mnist/t10k-labels-idx1-ubyte", "15d484375f8d13e6eb1aabb0c3f46965");

    /** SHA-256 of the CIFAR-10 binary batches (see shared/data/README.md). */
    private static final Map<String, String> CIFAR_SHA256 = Map.of(
            "data_batch_1.bin", "cee916563c9f80d84e3cc88e17fdc0941787f1244f00a67874d45b261883ada5",
            "data_batch_2.bin", "a591ca11fa1708a91ee40f54b3da4784ccd871ecf2137de63f51ada8b3fa57ed",
            "data_batch_3.bin", "bbe8596564c0f86427f876058170b84dac6670ddf06d79402899d93ceea26f67",
            "data_batch_4.bin", "014e562d6e23c72197cc727519169a60359f5eccd8945ad5a09d710285ff4e48",
            "data_batch_5.bin", "755304fc0b379caeae8c14f0dac912fbc7d6cd469eb67a1029a08a39453a9add",
            "test_batch.bin", "8e2eb146ae340b09e24670f29cabc6326dba54da8789dab6768acf480273f65b");

    private static final int CIFAR_RECORD = 1 + 3 * 32 * 32;
    private static final int CIFAR_PER_FILE = 10_000;

    private Datasets() {
    }

    /**
     * Training images per class held out for validation when a recipe does not say: 500 (5,000
     * images of MNIST, Fashion-MNIST and CIFAR-10, as ImageNet-free pruning papers hold out), 10 for
     * ImageNet (10,000 of its 1.28 million, which a CPU can still evaluate every epoch).
     */
    public static int defaultValidationPerClass(String name) {
        return name.equals("imagenet") ? 10 : 500;
    }

    /**
     * The training or test split of any dataset: the in-memory ones as {@link #load}, and
     * {@code imagenet} as an {@link ImageFolder} over {@code DIR/imagenet/train} or
     * {@code DIR/imagenet/val} (224 x 224, resize 256, ImageNet statistics).
     */
    public static ImageSource open(String name, DataDirectory dir, boolean train) {
        if (name.equals("imagenet")) {
            return ImageFolder.open(dir.root().resolve("imagenet").resolve(train ? "train" : "val"), 224, 256,
                    Normalization.IMAGENET);
        }
        return load(name, dir, train);
    }

    /**
     * Loads the training or test split of a dataset held in memory.
     *
     * @throws IllegalArgumentException for an unknown dataset name
     * @throws DataFileException if a file is missing, truncated or corrupt
     */
    public static ImageSet load(String name, DataDirectory dir, boolean train) {
        return switch (name) {
            case "mnist" -> idx(dir, "mnist", train, Normalization.MNIST);
            case "fashion-mnist" -> idx(dir, "fashion-mnist", train, Normalization.FASHION_MNIST);
            case "cifar10" -> cifar10(dir, train);
            default -> throw new IllegalArgumentException("unknown dataset '" + name + "': expected one of " + NAMES);
        };
    }

    /**
     * The checksum of every file a dataset reads, by file name, for provenance. Computed over the
     * files as stored (compressed, if they are).
     */
    public static Map<String, String> fileChecksums(String name, DataDirectory dir) {
        Map<String, String> out = new LinkedHashMap<>();
        if (name.equals("imagenet")) {
            // Hashing every image of ImageNet would take hours: the listing (names and sizes) stands for it.
            for (boolean train : new boolean[] {true, false}) {
                ImageFolder folder = (ImageFolder) open(name, dir, train);
                StringBuilder listing = new StringBuilder();
                for (Path p : folder.files()) {
                    listing.append(dir.root().relativize(p)).append(' ').append(p.toFile().length()).append('\n');
                }
                out.put("imagenet/" + (train ? "train" : "val") + " (listing of names and sizes)",
                        Checksums.sha256(listing.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            }
            return out;
        }
        for (Path p : files(name, dir)) {
            out.put(dir.root().relativize(p).toString(), Checksums.sha256(p));
        }
        return out;
    }

    private static List<Path> files(String name, DataDirectory dir) {
        List<Path> files = new ArrayList<>();
        if (name.equals("cifar10")) {
            for (String f : CIFAR_SHA256.keySet().stream().sorted().toList()) {
                files.add(dir.require("cifar10", f));
            }
        } else {
            if (name.equals("fashion-mnist") && !Files.isDirectory(dir.root().resolve(name))
                    && Files.isDirectory(DEBIAN_FASHION_MNIST)) {
                dir = DataDirectory.of(DEBIAN_FASHION_MNIST.getParent());
            }
            for (String key : IDX_MD5.keySet().stream().filter(k -> k.startsWith(name + "/")).sorted().toList()) {
                String file = key.substring(name.length() + 1);
                Path gz = dir.root().resolve(name).resolve(file + ".gz");
                files.add(Files.isRegularFile(gz) ? gz : dir.require(name, file));
            }
        }
        return files;
    }

    /** Where Debian's dataset-fashion-mnist package puts the files, used when the data directory has none. */
    static final Path DEBIAN_FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");

    private static ImageSet idx(DataDirectory given, String dataset, boolean train, Normalization norm) {
        DataDirectory dir = given;
        if (dataset.equals("fashion-mnist") && !Files.isDirectory(given.root().resolve(dataset))
                && Files.isDirectory(DEBIAN_FASHION_MNIST)) {
            dir = DataDirectory.of(DEBIAN_FASHION_MNIST.getParent());
        }
        String prefix = train ? "train" : "t10k";
        int n = train ? 60_000 : 10_000;
        String imagesName = prefix + "-images-idx3-ubyte";
        String labelsName = prefix + "-labels-idx1-ubyte";
        byte[] images = IdxFiles.readVerified(dir, dataset, imagesName, IDX_MD5.get(dataset + "/" + imagesName));
        byte[] labelBytes = IdxFiles.readVerified(dir, dataset, labelsName, IDX_MD5.get(dataset + "/" + labelsName));
        Path imagesPath = dir.root().resolve(dataset).resolve(imagesName);
        Path labelsPath = dir.root().resolve(dataset).resolve(labelsName);
        int imageOffset = IdxFiles.checkHeader(imagesPath, images, n, 28, 28);
        int labelOffset = IdxFiles.checkHeader(labelsPath, labelBytes, n);
        byte[] pixels = java.util.Arrays.copyOfRange(images, imageOffset, images.length);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = labelBytes[labelOffset + i];
            if (labels[i] < 0 || labels[i] > 9) {
                throw new DataFileException(labelsPath, "label " + labels[i] + " at index " + i + " outside 0..9");
            }
        }
        return new ImageSet(dataset + (train ? "-train" : "-test"), pixels, labels, 1, 28, 28, 10, norm);
    }

    private static ImageSet cifar10(DataDirectory dir, boolean train) {
        List<String> names = train
                ? List.of("data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin",
                        "data_batch_5.bin")
                : List.of("test_batch.bin");
        int n = names.size() * CIFAR_PER_FILE;
        byte[] pixels = new byte[n * (CIFAR_RECORD - 1)];
        int[] labels = new int[n];
        int image = 0;
        for (String name : names) {
            Path file = dir.require("cifar10", name);
            byte[] raw = readAll(file);
            if (raw.length != CIFAR_RECORD * CIFAR_PER_FILE) {
                throw new DataFileException(file, "has " + raw.length + " bytes, expected "
                        + CIFAR_RECORD * CIFAR_PER_FILE + " (10,000 records of 3,073 bytes)");
            }
            String sha = Checksums.sha256(raw);
            if (!sha.equals(CIFAR_SHA256.get(name))) {
                throw new DataFileException(file, "corrupt: SHA-256 " + sha + ", expected " + CIFAR_SHA256.get(name));
            }
            for (int r = 0; r < CIFAR_PER_FILE; r++, image++) {
                int off = r * CIFAR_RECORD;
                labels[image] = raw[off];
                System.arraycopy(raw, off + 1, pixels, image * (CIFAR_RECORD - 1), CIFAR_RECORD - 1);
            }
        }
        return new ImageSet("cifar10" + (train ? "-train" : "-test"), pixels, labels, 3, 32, 32, 10,
                Normalization.CIFAR10);
    }

    private static byte[] readAll(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new DataFileException(file, "cannot be read (" + IoErrors.describe(e, file) + ")", e);
        }
    }
}
