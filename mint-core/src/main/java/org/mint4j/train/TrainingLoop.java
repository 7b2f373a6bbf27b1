package org.mint4j.train;

import org.mint4j.util.Json;
import org.mint4j.nn.WeightFiles;
import org.mint4j.nn.WeightFileException;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.mint4j.data.Augmentation;
import org.mint4j.data.Batches;
import org.mint4j.data.ImageSource;
import org.mint4j.nn.PrunableNetwork;
import org.mint4j.util.AtomicFiles;
import org.mint4j.util.Progress;

/**
 * Trains a network with the recipe's schedule, keeping in the run directory: the last checkpoint
 * after every epoch ({@code checkpoint.ckpt}), the best weights by validation accuracy, or by
 * test accuracy when there is no validation set ({@code best.params}), and the per-epoch log
 * ({@code train-log.jsonl}, test accuracy of every epoch included). A run resumed from its
 * checkpoint continues exactly as if it had not stopped.
 */
public final class TrainingLoop {

    public static final String CHECKPOINT = "checkpoint.ckpt";
    public static final String BEST = "best.params";
    public static final String LOG = "train-log.jsonl";

    private final PrunableNetwork network;
    private final NDManager manager;
    private final ImageSource trainSet;
    private final ImageSource validationSet;
    private final ImageSource testSet;
    private final TrainingSchedule schedule;
    private final Augmentation augmentation;
    private final long seed;
    private final Path directory;
    private final boolean resume;
    private final PrintWriter out;
    private final StepConstraint constraint;

    private TrainingLoop(Builder b) {
        this.network = b.network;
        this.manager = b.manager;
        this.trainSet = b.trainSet;
        this.validationSet = b.validationSet;
        this.testSet = b.testSet;
        this.schedule = b.schedule;
        this.augmentation = b.augmentation;
        this.seed = b.seed;
        this.directory = b.directory;
        this.resume = b.resume;
        this.out = b.out;
        this.constraint = b.constraint;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Trains to the last epoch and returns the final state (best accuracy and history). */
    public Checkpoint.State run() {
        NesterovSgd optimizer = NesterovSgd.builder().setLearningRate(schedule.learningRate().floatValue())
                .optMomentum(schedule.momentum().floatValue()).optNesterov(schedule.nesterov())
                .optWeightDecays(schedule.weightDecay().floatValue()).build();
        MultiStepSchedule rates = new MultiStepSchedule(schedule.learningRate(),
                schedule.milestones().stream().mapToInt(Integer::intValue).toArray(), schedule.gamma());
        Path checkpoint = directory.resolve(CHECKPOINT);
        Checkpoint.State state;
        if (resume && Files.exists(checkpoint)) {
            state = Checkpoint.load(checkpoint, network, optimizer, manager);
            if (state.seed() != seed) {
                throw new WeightFileException(checkpoint, "was made with seed " + state.seed() + ", not " + seed);
            }
            out.printf("resuming from %s after epoch %d (best %s accuracy %.2f%% at epoch %d)%n", checkpoint,
                    state.completedEpochs(), selectedOn(), 100 * state.bestAccuracy(), state.bestEpoch());
        } else {
            state = new Checkpoint.State(0, -1, 0, seed, List.of());
        }
        constraint.beforeTraining();
        Loss loss = Loss.softmaxCrossEntropyLoss();
        ParameterStore store = new ParameterStore(manager, false);
        List<Parameter> parameters = network.namedParameters().values().stream()
                .filter(Parameter::requiresGradient).toList();
        for (int epoch = state.completedEpochs(); epoch < schedule.epochs(); epoch++) {
            float lr = (float) rates.rate(epoch);
            optimizer.setLearningRate(lr);
            Random rng = new Random(epochSeed(seed, epoch));
            Engine.getInstance().setRandomSeed(rng.nextInt());
            Batches batches = Batches.shuffled(trainSet, schedule.batchSize(), augmentation, rng);
            long start = System.nanoTime();
            double lossSum = 0;
            long correct = 0;
            try (Progress progress = Progress.start(String.format("epoch %d/%d", epoch + 1, schedule.epochs()),
                    batches.count())) {
                for (int b = 0; b < batches.count(); b++) {
                    Batches.Batch batch = batches.get(b);
                    try (NDScope scope = new NDScope()) {
                        NDArray x = Evaluation.input(manager, batch);
                        NDArray y = manager.create(batch.labels());
                        NDArray logits;
                        NDArray value;
                        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                            gc.zeroGradients();
                            logits = network.block().forward(store, new NDList(x), true).singletonOrThrow();
                            value = loss.evaluate(new NDList(y), new NDList(logits));
                            gc.backward(value);
                        }
                        float batchLoss = value.getFloat();
                        if (!Float.isFinite(batchLoss)) {
                            throw new TrainingDivergedException(String.format(
                                    "the loss became %s at epoch %d, batch %d (learning rate %g); the last good "
                                            + "checkpoint (after epoch %d) is kept in %s",
                                    batchLoss, epoch + 1, b + 1, lr, state.completedEpochs(), checkpoint));
                        }
                        constraint.beforeUpdate();
                        for (Parameter p : parameters) {
                            NDArray w = p.getArray();
                            optimizer.update(p.getId(), w, w.getGradient());
                        }
                        lossSum += batchLoss * batch.size();
                        correct += Evaluation.countCorrect(logits, y);
                    }
                    progress.step();
                }
            }
            double trainSeconds = (System.nanoTime() - start) / 1e9;
            Double validationAccuracy = validationSet == null ? null
                    : Evaluation.accuracy(network, validationSet, manager);
            double testAccuracy = Evaluation.accuracy(network, testSet, manager);
            EpochRecord record = new EpochRecord(epoch + 1, lr, lossSum / trainSet.size(),
                    (double) correct / trainSet.size(), validationAccuracy, testAccuracy, trainSeconds);
            List<EpochRecord> history = new ArrayList<>(state.history());
            history.add(record);
            double best = state.bestAccuracy();
            int bestEpoch = state.bestEpoch();
            if (record.selectionAccuracy() > best) {
                best = record.selectionAccuracy();
                bestEpoch = epoch + 1;
                WeightFiles.write(directory.resolve(BEST),
                        o -> network.block().saveParameters(new java.io.DataOutputStream(o)));
            }
            state = new Checkpoint.State(epoch + 1, best, bestEpoch, seed, history);
            Checkpoint.save(checkpoint, state, network, optimizer);
            writeLog(history);
            out.printf("epoch %2d/%d  lr %.4g  loss %.4f  train %.2f%%%s  test %.2f%%  %.1f s%n", epoch + 1,
                    schedule.epochs(), lr, record.loss(), 100 * record.trainAccuracy(), validationAccuracy == null
                            ? "" : String.format("  validation %.2f%%", 100 * validationAccuracy),
                    100 * testAccuracy, trainSeconds);
        }
        return state;
    }

    private String selectedOn() {
        return validationSet != null ? "validation" : "test";
    }

    private void writeLog(List<EpochRecord> history) {
        StringBuilder sb = new StringBuilder();
        for (EpochRecord r : history) {
            sb.append(Json.line(r)).append('\n');
        }
        AtomicFiles.writeString(directory.resolve(LOG), sb.toString());
    }

    /** A generator seed for one epoch, so that every epoch's randomness is independent of the others. */
    static long epochSeed(long seed, int epoch) {
        return new java.util.SplittableRandom(seed).split().nextLong() ^ (0x9E3779B97F4A7C15L * (epoch + 1));
    }

    /** Options; network, manager, data, schedule, seed and directory are required. */
    public static final class Builder {
        private PrunableNetwork network;
        private NDManager manager;
        private ImageSource trainSet;
        private ImageSource validationSet;
        private ImageSource testSet;
        private TrainingSchedule schedule;
        private Augmentation augmentation = Augmentation.NONE;
        private long seed;
        private Path directory;
        private boolean resume;
        private PrintWriter out = new PrintWriter(System.out, true);
        private StepConstraint constraint = new StepConstraint() {
            @Override
            public void beforeTraining() {
            }

            @Override
            public void beforeUpdate() {
            }
        };

        public Builder setNetwork(PrunableNetwork network, NDManager manager) {
            this.network = network;
            this.manager = manager;
            return this;
        }

        public Builder setData(ImageSource trainSet, ImageSource testSet) {
            this.trainSet = trainSet;
            this.testSet = testSet;
            return this;
        }

        /** Choose the best epoch on this hold-out instead of the test set (which is still measured). */
        public Builder optValidation(ImageSource validationSet) {
            this.validationSet = validationSet;
            return this;
        }

        public Builder setSchedule(TrainingSchedule schedule, long seed) {
            this.schedule = schedule;
            this.seed = seed;
            return this;
        }

        public Builder setDirectory(Path directory) {
            this.directory = directory;
            return this;
        }

        public Builder optAugmentation(Augmentation augmentation) {
            this.augmentation = augmentation;
            return this;
        }

        /** Continue from the directory's checkpoint if there is one. */
        public Builder optResume(boolean resume) {
            this.resume = resume;
            return this;
        }

        public Builder optOutput(PrintWriter out) {
            this.out = out;
            return this;
        }

        /** A constraint kept at every step, e.g. pruning masks held fixed. */
        public Builder optConstraint(StepConstraint constraint) {
            this.constraint = constraint;
            return this;
        }

        public TrainingLoop build() {
            if (network == null || manager == null || trainSet == null || testSet == null || schedule == null
                    || directory == null) {
                throw new IllegalStateException("network, data, schedule and directory are required");
            }
            return new TrainingLoop(this);
        }
    }
}
