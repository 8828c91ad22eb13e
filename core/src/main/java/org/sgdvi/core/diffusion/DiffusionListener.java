package org.sgdvi.core.diffusion;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Function;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.ViewIterator;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.sgdvi.core.gradients.PerExampleGradients;

/**
 * A DL4J training listener that measures the diffusion matrix (eq. (2), Figs. 1-2 of the paper) during
 * training: at configured fractions of a total number of iterations (default 20%, 40% and 100%,
 * Remark 13) or every K iterations, it hands a {@link DiffusionSnapshot} (per-example gradients of
 * the example set at the current weights) to a consumer, which forms D or its spectrum.
 *
 * <p>Training is left untouched: the engine runs on a {@code clone()} of the network (weights and
 * updater state are copied, never written), the example set has its own iterator (never the training
 * iterator), and the state of ND4J's default random generator is saved before and restored after the
 * snapshot, so the next dropout mask or shuffle is the one it would have been without the listener.
 *
 * <p>DL4J calls {@link #iterationDone} with the 0-based index of the iteration just finished, so a
 * snapshot "after c iterations" fires when {@code iteration + 1 == c}.
 */
public final class DiffusionListener extends BaseTrainingListener {

    /** The paper's snapshot points (Remark 13). */
    public static final double[] DEFAULT_FRACTIONS = {0.2, 0.4, 1.0};

    private final Function<MultiLayerNetwork, PerExampleGradients> engineFactory;
    private final DataSetIterator examples;
    private final long exampleCount;
    private final TreeSet<Long> scheduled;
    private final long every;
    private final long totalIterations;
    private final Consumer<DiffusionSnapshot> consumer;
    private final List<Long> fired = new ArrayList<>();

    private DiffusionListener(Builder b) {
        this.engineFactory = b.engineFactory;
        this.examples = b.examples;
        this.exampleCount = b.exampleCount;
        this.scheduled = b.scheduled;
        this.every = b.every;
        this.totalIterations = b.totalIterations;
        this.consumer = b.consumer;
    }

    /**
     * Starts a listener.
     *
     * @param engineFactory builds the per-example gradient engine for a network (called with a copy)
     */
    public static Builder builder(Function<MultiLayerNetwork, PerExampleGradients> engineFactory) {
        return new Builder(engineFactory);
    }

    /** The completed-iteration counts at which snapshots are planned (empty when firing every K). */
    public List<Long> plannedIterations() {
        return List.copyOf(scheduled);
    }

    /** The completed-iteration counts at which snapshots were taken so far. */
    public List<Long> firedIterations() {
        return Collections.unmodifiableList(fired);
    }

    @Override
    public void iterationDone(Model model, int iteration, int epoch) {
        long completed = (long) iteration + 1;
        boolean due = every > 0 ? completed % every == 0 : scheduled.contains(completed);
        if (!due || fired.contains(completed)) {
            return;
        }
        if (!(model instanceof MultiLayerNetwork net)) {
            throw new IllegalArgumentException("DiffusionListener got a " + model.getClass().getName()
                    + "; expected a MultiLayerNetwork");
        }
        fired.add(completed);
        Random rng = Nd4j.getRandom();
        long rootState = rng.rootState();
        long nodeState = rng.nodeState();
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            MultiLayerNetwork copy = net.clone();
            PerExampleGradients engine = engineFactory.apply(copy);
            double fraction = totalIterations > 0 ? (double) completed / totalIterations : Double.NaN;
            consumer.accept(new DiffusionSnapshot(completed, epoch, fraction, copy, engine,
                    new EngineChunkSource(engine, examples, exampleCount)));
        } finally {
            rng.setStates(rootState, nodeState);
        }
    }

    /** Configures a {@link DiffusionListener}. */
    public static final class Builder {
        private final Function<MultiLayerNetwork, PerExampleGradients> engineFactory;
        private DataSetIterator examples;
        private long exampleCount = -1;
        private TreeSet<Long> scheduled = new TreeSet<>();
        private long every;
        private long totalIterations;
        private Consumer<DiffusionSnapshot> consumer;

        private Builder(Function<MultiLayerNetwork, PerExampleGradients> engineFactory) {
            this.engineFactory = Objects.requireNonNull(engineFactory, "engineFactory");
        }

        /**
         * The example set as an in-memory data set, streamed in chunks of {@code chunkRows} examples
         * (default for D: the whole training set).
         */
        public Builder examples(DataSet dataSet, int chunkRows) {
            if (chunkRows < 1) {
                throw new IllegalArgumentException("chunkRows = " + chunkRows + ", expected at least 1");
            }
            this.examples = new ViewIterator(dataSet, chunkRows);
            this.exampleCount = dataSet.numExamples();
            return this;
        }

        /**
         * The example set as an iterator owned by the listener: it is reset before every snapshot, so it
         * must support reset and must not be the training iterator.
         */
        public Builder examples(DataSetIterator iterator) {
            if (!iterator.resetSupported()) {
                throw new IllegalArgumentException("example iterator " + iterator.getClass().getName()
                        + " does not support reset(); expected a resettable iterator dedicated to the listener");
            }
            this.examples = iterator;
            this.exampleCount = -1;
            return this;
        }

        /** Snapshots at the paper's 20%, 40% and 100% of {@code totalIterations}. */
        public Builder atFractions(long totalIterations) {
            return atFractions(totalIterations, DEFAULT_FRACTIONS);
        }

        /**
         * Snapshots after max(1, round(f * totalIterations)) completed iterations for each f in (0, 1].
         */
        public Builder atFractions(long totalIterations, double... fractions) {
            if (totalIterations < 1) {
                throw new IllegalArgumentException("totalIterations = " + totalIterations + ", expected at least 1");
            }
            TreeSet<Long> set = new TreeSet<>();
            for (double f : fractions) {
                if (!(f > 0 && f <= 1)) {
                    throw new IllegalArgumentException("snapshot fraction " + f + " is out of range; expected 0 < f <= 1");
                }
                set.add(Math.max(1, Math.round(f * totalIterations)));
            }
            this.scheduled = set;
            this.totalIterations = totalIterations;
            this.every = 0;
            return this;
        }

        /** A snapshot every {@code k} completed iterations. */
        public Builder everyIterations(long k) {
            if (k < 1) {
                throw new IllegalArgumentException("snapshot interval K = " + k + ", expected at least 1");
            }
            this.every = k;
            this.scheduled = new TreeSet<>();
            return this;
        }

        /** Optionally, the total number of iterations, to report fractions with {@link #everyIterations}. */
        public Builder totalIterations(long total) {
            this.totalIterations = total;
            return this;
        }

        /** Receives each snapshot (e.g. forms D with {@link DiffusionSnapshot#diffusionMatrix} or a spectrum). */
        public Builder onSnapshot(Consumer<DiffusionSnapshot> consumer) {
            this.consumer = consumer;
            return this;
        }

        /** Builds the listener. */
        public DiffusionListener build() {
            if (examples == null) {
                throw new IllegalStateException("DiffusionListener has no example set; expected examples(...)");
            }
            if (consumer == null) {
                throw new IllegalStateException("DiffusionListener has no snapshot consumer; expected onSnapshot(...)");
            }
            if (every == 0 && scheduled.isEmpty()) {
                throw new IllegalStateException("DiffusionListener has no schedule; expected atFractions(...) or everyIterations(...)");
            }
            return new DiffusionListener(this);
        }
    }
}
