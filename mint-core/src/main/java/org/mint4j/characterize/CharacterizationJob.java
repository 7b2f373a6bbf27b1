package org.mint4j.characterize;

import org.mint4j.util.Charts;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mint4j.data.ImageSource;
import org.mint4j.nn.CamNetwork;
import org.mint4j.nn.PrunableNetwork;
import org.mint4j.util.Json;

/**
 * Calibration and adversarial robustness of networks side by side (the paper's Sec. IV-D/E):
 * expected calibration error and reliability bins on the whole test set, and accuracy under the
 * iterative FGSM and least-likely attacks for a range of epsilon on the first test images.
 * Writes {@code characterize.json}, {@code reliability.png} and {@code attacks.png}.
 */
public final class CharacterizationJob {

    private static final int BATCH = 250;

    private CharacterizationJob() {
    }

    /** Everything measured for one network. */
    public record NetworkResult(String name, double accuracy, double ece, List<Calibration.Bin> bins,
            Map<String, double[]> attackAccuracy) {
    }

    /** All networks, with the attack settings. */
    public record Result(double[] epsilons, int attackedImages, double stepSize, List<NetworkResult> networks) {
    }

    public static Result run(Map<String, PrunableNetwork> networks, ImageSource test, double[] epsilons,
            int attackedImages, Path outDir, NDManager manager, PrintWriter out) {
        List<NetworkResult> results = new ArrayList<>();
        for (Map.Entry<String, PrunableNetwork> e : networks.entrySet()) {
            Attacks attacks = new Attacks(e.getValue(), test.normalization(), manager);
            double[][] probs = new double[test.size()][];
            int[] labels = new int[test.size()];
            for (int start = 0; start < test.size(); start += BATCH) {
                int n = Math.min(BATCH, test.size() - start);
                try (NDScope scope = new NDScope()) {
                    NDArray x = pixels(test, start, n, manager);
                    float[] p = attacks.logits(x).softmax(1).toFloatArray();
                    int classes = p.length / n;
                    for (int i = 0; i < n; i++) {
                        probs[start + i] = new double[classes];
                        for (int c = 0; c < classes; c++) {
                            probs[start + i][c] = p[i * classes + c];
                        }
                        labels[start + i] = test.label(start + i);
                    }
                }
            }
            Calibration.Result cal = Calibration.of(probs, labels, 15);
            double accuracy = 0;
            for (int i = 0; i < labels.length; i++) {
                accuracy += argmax(probs[i]) == labels[i] ? 1 : 0;
            }
            accuracy /= labels.length;
            Map<String, double[]> curves = new LinkedHashMap<>();
            for (Attacks.Kind kind : Attacks.Kind.values()) {
                double[] acc = new double[epsilons.length];
                for (int k = 0; k < epsilons.length; k++) {
                    int correct = 0;
                    for (int start = 0; start < attackedImages; start += BATCH) {
                        int n = Math.min(BATCH, attackedImages - start);
                        try (NDScope scope = new NDScope()) {
                            NDArray x = pixels(test, start, n, manager);
                            int[] y = java.util.Arrays.copyOfRange(labels, start, start + n);
                            NDArray adv = epsilons[k] == 0 ? x : attacks.attack(x, y, kind, epsilons[k]);
                            long[] pred = attacks.logits(adv).argMax(1).toLongArray();
                            for (int i = 0; i < n; i++) {
                                correct += pred[i] == y[i] ? 1 : 0;
                            }
                        }
                    }
                    acc[k] = (double) correct / attackedImages;
                }
                curves.put(kind.name().toLowerCase(Locale.ROOT), acc);
            }
            results.add(new NetworkResult(e.getKey(), accuracy, cal.ece(), List.of(cal.bins()), curves));
            out.printf(Locale.ROOT, "%s: accuracy %.2f%%, ECE %.4f%n", e.getKey(), 100 * accuracy, cal.ece());
        }
        Result result = new Result(epsilons, attackedImages, 1.0 / 255, results);
        Json.write(outDir.resolve("characterize.json"), result);
        if (networks.values().stream().allMatch(n -> n instanceof CamNetwork)) {
            writeGradCam(outDir.resolve("gradcam.png"), networks, test, manager);
        }
        drawReliability(outDir.resolve("reliability.png"), results);
        drawAttacks(outDir.resolve("attacks.png"), epsilons, results);
        printAttackTable(out, epsilons, results);
        return result;
    }

    /** Grad-CAM of the first 8 test images, for the class each network predicts. */
    private static void writeGradCam(Path file, Map<String, PrunableNetwork> networks, ImageSource test,
            NDManager manager) {
        int n = Math.min(8, test.size());
        List<byte[]> images = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] img = new byte[test.imageBytes()];
            test.load(i, img, null);
            images.add(img);
        }
        List<float[][][]> maps = new ArrayList<>();
        try (NDScope scope = new NDScope()) {
            NDArray x = normalized(test, n, manager);
            for (PrunableNetwork net : networks.values()) {
                CamNetwork cam = (CamNetwork) net;
                maps.add(GradCam.maps(cam, x, GradCam.predicted(cam, x, manager), manager));
            }
        }
        GradCamGrid.write(file, images, test.channels(), test.height(), test.width(), maps);
    }

    /** The first n images, normalised as the networks expect. */
    private static NDArray normalized(ImageSource set, int n, NDManager manager) {
        return org.mint4j.train.Evaluation.input(manager, org.mint4j.data.Batches.sequential(set, n).get(0));
    }

    private static void drawReliability(Path file, List<NetworkResult> results) {
        List<String> bins = new ArrayList<>();
        for (Calibration.Bin b : results.get(0).bins()) {
            bins.add(String.format(Locale.ROOT, "%.2f", b.upper()));
        }
        Map<String, Charts.Bars> series = new LinkedHashMap<>();
        for (NetworkResult r : results) {
            series.put(String.format(Locale.ROOT, "%s (ECE %.3f)", r.name(), r.ece()),
                    new Charts.Bars(r.bins().stream().mapToDouble(Calibration.Bin::accuracy).toArray(), null));
        }
        Charts.bars(file, "Reliability: accuracy per confidence bin", "confidence bin (upper edge)", "accuracy", bins,
                series);
    }

    private static void drawAttacks(Path file, double[] epsilons, List<NetworkResult> results) {
        Map<String, double[]> series = new LinkedHashMap<>();
        for (NetworkResult r : results) {
            r.attackAccuracy().forEach((kind, acc) -> series.put(r.name() + ", " + kind, acc));
        }
        Charts.lines(file, "Accuracy under iterative attacks (l-inf, pixel space)", "epsilon", "accuracy", epsilons,
                series);
    }

    private static void printAttackTable(PrintWriter out, double[] epsilons, List<NetworkResult> results) {
        out.print("| network | attack |");
        for (double e : epsilons) {
            out.printf(Locale.ROOT, " eps %.3f |", e);
        }
        out.println();
        out.print("|---|---|");
        for (int k = 0; k < epsilons.length; k++) {
            out.print("---|");
        }
        out.println();
        for (NetworkResult r : results) {
            r.attackAccuracy().forEach((kind, acc) -> {
                out.printf("| %s | %s |", r.name(), kind);
                for (double a : acc) {
                    out.printf(Locale.ROOT, " %.1f%% |", 100 * a);
                }
                out.println();
            });
        }
    }

    /** Images [start, start + n) as pixels in [0, 1]. */
    static NDArray pixels(ImageSource set, int start, int n, NDManager manager) {
        int per = set.imageBytes();
        float[] x = new float[n * per];
        byte[] img = new byte[per];
        for (int i = 0; i < n; i++) {
            set.load(start + i, img, null);
            for (int p = 0; p < per; p++) {
                x[i * per + p] = (img[p] & 0xff) / 255f;
            }
        }
        return manager.create(x, new Shape(n, set.channels(), set.height(), set.width()));
    }

    private static int argmax(double[] p) {
        int top = 0;
        for (int c = 1; c < p.length; c++) {
            if (p[c] > p[top]) {
                top = c;
            }
        }
        return top;
    }
}
