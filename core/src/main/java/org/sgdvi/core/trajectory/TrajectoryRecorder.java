package org.sgdvi.core.trajectory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Function;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.sgdvi.core.gradients.FullGradient;
import org.sgdvi.core.models.TrainableLayout;

/**
 * Records a training trajectory for the experiment of the paper's Fig. 3: after every
 * epoch k = 1, 2, ... it appends to a {@link TrajectoryStore} the trainable weights x_k
 * ({@link TrainableLayout} order, float32) and the scalars {@code epoch} = k, {@code gradNorm} =
 * ||grad f(x_k)|| / sqrt(d) and {@code trainLoss} = f(x_k), both over the whole training set in
 * inference mode ({@link FullGradient}, bound to the trained network when the recorder first sees
 * it). Row k - 1 of the store is epoch k, so the store holds as
 * many rows as completed epochs.
 *
 * <p>A DL4J listener driven by the {@link org.sgdvi.core.train.Trainer}'s epoch hooks (any
 * engine): it reads the weights and never touches ND4J's random generator or the training
 * iterator, so training is the same with or without it.
 *
 * <p>Crash safety and resume: each append is forced to disk before the trainer writes its
 * checkpoint for that epoch, so after a crash the store holds at least the checkpoint's epochs,
 * possibly more. On the first epoch start the recorder opens the store and cuts it back to the
 * network's epoch count E (the checkpoint's epoch, {@link TrajectoryStore#truncateTo}); it checks
 * that row E - 1 holds exactly the network's weights, and refuses to continue when the store has
 * fewer than E rows. So a run killed at any moment and resumed yields the rows of an uninterrupted
 * run, with no duplicated or missing epochs.
 */
public final class TrajectoryRecorder extends BaseTrainingListener implements AutoCloseable {

    /** Scalar columns of the store. */
    public static final String EPOCH = "epoch";
    /** ||grad f|| / sqrt(d) in inference mode over the training set. */
    public static final String GRAD_NORM = "gradNorm";
    /** f(x), the mean inference-mode training loss. */
    public static final String TRAIN_LOSS = "trainLoss";

    private final Path folder;
    private final Function<MultiLayerNetwork, FullGradient> fullGradients;
    private MultiLayerNetwork boundNet;
    private FullGradient fullGradient;
    private final int chunkSize;
    private final int gradNormEvery;
    private TrajectoryStore store;
    private TrainableLayout layout;
    private double[] gradient;

    /**
     * @param folder the store folder (created on the first epoch, or reopened and aligned)
     * @param fullGradients binds the inference-mode full gradient over the training set to the trained network
     * @param chunkSize snapshots per sealed chunk file of a new store
     */
    public TrajectoryRecorder(Path folder, Function<MultiLayerNetwork, FullGradient> fullGradients, int chunkSize) {
        this(folder, fullGradients, chunkSize, 1);
    }

    /**
     * @param folder the store folder (created on the first epoch, or reopened and aligned)
     * @param fullGradients binds the inference-mode full gradient over the training set to the trained network
     * @param chunkSize snapshots per sealed chunk file of a new store
     * @param gradNormEvery measure gradNorm and trainLoss at epoch 1 and every this many epochs (a full
     *     pass over the training set costs about as much as a training epoch); other rows hold NaN
     */
    public TrajectoryRecorder(Path folder, Function<MultiLayerNetwork, FullGradient> fullGradients, int chunkSize,
                              int gradNormEvery) {
        if (gradNormEvery < 1) {
            throw new IllegalArgumentException("gradNormEvery = " + gradNormEvery + ", expected >= 1");
        }
        this.folder = folder;
        this.fullGradients = fullGradients;
        this.chunkSize = chunkSize;
        this.gradNormEvery = gradNormEvery;
    }

    /** A recorder with {@link StoreLayout#DEFAULT_CHUNK_SIZE}. */
    public TrajectoryRecorder(Path folder, Function<MultiLayerNetwork, FullGradient> fullGradients) {
        this(folder, fullGradients, StoreLayout.DEFAULT_CHUNK_SIZE);
    }

    /** The store folder. */
    public Path folder() {
        return folder;
    }

    /** Rows recorded so far (0 before the first epoch started). */
    public synchronized int size() {
        return store == null ? 0 : store.size();
    }

    @Override
    public synchronized void onEpochStart(Model model) {
        MultiLayerNetwork net = network(model);
        if (store == null) {
            try {
                open(net);
            } catch (IOException e) {
                throw new UncheckedIOException("trajectory store " + folder + ": " + e.getMessage(), e);
            }
        }
    }

    @Override
    public synchronized void onEpochEnd(Model model) {
        MultiLayerNetwork net = network(model);
        if (store == null) {
            onEpochStart(model);
        }
        int epoch = net.getEpochCount() + 1;
        if (store.size() != epoch - 1) {
            throw new IllegalStateException("trajectory store " + folder + " holds " + store.size()
                    + " rows at the end of epoch " + epoch + "; expected " + (epoch - 1));
        }
        // x in the network's own data type, so that the engine's full gradient writes back exactly what it read
        org.nd4j.linalg.api.ndarray.INDArray x = layout.gather(net, net.params().dataType());
        float[] weights = x.castTo(DataType.FLOAT).toFloatVector();
        double loss = Double.NaN;
        double gradNorm = Double.NaN;
        if (epoch == 1 || epoch % gradNormEvery == 0) {
            loss = bind(net).evaluate(x, gradient);
            double sq = 0;
            for (double g : gradient) {
                sq += g * g;
            }
            gradNorm = Math.sqrt(sq / gradient.length);
        }
        try {
            store.append(weights, epoch, gradNorm, loss);
        } catch (IOException e) {
            throw new UncheckedIOException("trajectory store " + folder + ": cannot append epoch " + epoch + ": "
                    + e.getMessage(), e);
        }
    }

    /** The full gradient bound to {@code net} (bound again when the trainer hands over another network). */
    private FullGradient bind(MultiLayerNetwork net) {
        if (net != boundNet) {
            FullGradient f = fullGradients.apply(net);
            if (f.dimension() != gradient.length) {
                throw new IllegalStateException("the full gradient has d = " + f.dimension() + " but the network has "
                        + gradient.length + " trainable weights; expected the same network");
            }
            fullGradient = f;
            boundNet = net;
        }
        return fullGradient;
    }

    private void open(MultiLayerNetwork net) throws IOException {
        layout = TrainableLayout.of(net);
        int d = Math.toIntExact(layout.trainableCount());
        gradient = new double[d];
        TrajectoryStore s = TrajectoryStore.openOrCreate(folder,
                new StoreLayout(d, chunkSize, java.util.List.of(EPOCH, GRAD_NORM, TRAIN_LOSS)));
        try {
            align(s, net);
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
        store = s;
    }

    /** Cuts the store back to the network's epoch count E and checks row E - 1 against the weights. */
    private void align(TrajectoryStore s, MultiLayerNetwork net) throws IOException {
        int e = net.getEpochCount();
        if (s.size() < e) {
            throw new IllegalStateException("trajectory store " + folder + " holds " + s.size()
                    + " rows but the network has completed " + e + " epochs; epochs " + (s.size() + 1) + " to " + e
                    + " are missing (was the store replaced or truncated by hand?)");
        }
        if (s.size() > e) {
            s.truncateTo(e);
        }
        if (e > 0) {
            float[] expected = layout.gather(net, DataType.FLOAT).toFloatVector();
            float[][] last = s.readRows(e - 1, e);
            double[] scalars = new double[s.layout().scalarCount()];
            s.forEach(e - 1, e, (index, w, sc) -> System.arraycopy(sc, 0, scalars, 0, sc.length));
            if (!Arrays.equals(last[0], expected) || scalars[s.layout().scalarIndex(EPOCH)] != e) {
                throw new IllegalStateException("trajectory store " + folder + ": row " + (e - 1)
                        + " (epoch " + scalars[s.layout().scalarIndex(EPOCH)] + ") does not hold the weights of the "
                        + "network after epoch " + e + "; the store and the checkpoint belong to different runs");
            }
        }
    }

    private static MultiLayerNetwork network(Model model) {
        if (!(model instanceof MultiLayerNetwork net)) {
            throw new IllegalArgumentException("the trajectory recorder needs a MultiLayerNetwork, got "
                    + model.getClass().getName());
        }
        return net;
    }

    /** Closes the store (releases its writer lock). */
    @Override
    public synchronized void close() throws IOException {
        if (store != null) {
            store.close();
            store = null;
        }
    }
}
