package org.mint4j.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.training.optimizer.Optimizer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * SGD with momentum, optionally Nesterov, with PyTorch's semantics (DJL's own NAG is not
 * implemented on the PyTorch engine, and DJL's momentum SGD folds the learning rate into the
 * buffer):
 *
 * <pre>
 *   g = grad + weight_decay * w
 *   b = g on the first step, else momentum * b + g
 *   g = g + momentum * b   (Nesterov)   or   g = b   (classical)
 *   w = w - lr * g
 * </pre>
 *
 * The learning rate is set per epoch by the training loop ({@link #setLearningRate}).
 */
public final class NesterovSgd extends Optimizer {

    private final float momentum;
    private final boolean nesterov;
    private volatile float learningRate;
    private final Map<String, NDArray> buffers = new ConcurrentHashMap<>();

    private NesterovSgd(Builder builder) {
        super(builder);
        this.momentum = builder.momentum;
        this.nesterov = builder.nesterov;
        this.learningRate = builder.learningRate;
    }

    public static Builder builder() {
        return new Builder();
    }

    public void setLearningRate(float learningRate) {
        this.learningRate = learningRate;
    }

    public float learningRate() {
        return learningRate;
    }

    /** The momentum buffers by parameter id (for checkpoints); absent before the first step. */
    public Map<String, NDArray> buffers() {
        return buffers;
    }

    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        float weightDecay = getWeightDecay();
        try (NDScope scope = new NDScope()) {
            NDArray g = rescaleGrad == 1f ? grad : grad.mul(rescaleGrad);
            if (weightDecay != 0f) {
                g = g.add(weight.mul(weightDecay));
            }
            if (momentum != 0f) {
                NDArray buffer = buffers.get(parameterId);
                if (buffer == null) {
                    buffer = g.duplicate();
                    NDScope.unregister(buffer);
                    buffers.put(parameterId, buffer);
                } else {
                    buffer.muli(momentum).addi(g);
                }
                g = nesterov ? g.add(buffer.mul(momentum)) : buffer;
            }
            weight.subi(g.mul(learningRate));
        }
    }

    /** Options; {@code setLearningRate} is required. */
    public static final class Builder extends OptimizerBuilder<Builder> {
        private float learningRate = Float.NaN;
        private float momentum;
        private boolean nesterov;

        private Builder() {
            setRescaleGrad(1f);
        }

        @Override
        protected Builder self() {
            return this;
        }

        public Builder setLearningRate(float learningRate) {
            this.learningRate = learningRate;
            return this;
        }

        public Builder optMomentum(float momentum) {
            this.momentum = momentum;
            return this;
        }

        public Builder optNesterov(boolean nesterov) {
            this.nesterov = nesterov;
            return this;
        }

        public NesterovSgd build() {
            if (!(learningRate > 0)) {
                throw new IllegalArgumentException("learning rate must be positive, got " + learningRate);
            }
            if (momentum < 0 || momentum >= 1) {
                throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
            }
            if (nesterov && momentum == 0) {
                throw new IllegalArgumentException("Nesterov momentum needs a momentum above 0");
            }
            return new NesterovSgd(this);
        }
    }
}
