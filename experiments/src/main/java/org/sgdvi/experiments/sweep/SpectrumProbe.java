package org.sgdvi.experiments.sweep;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.sgdvi.core.diffusion.EngineChunkSource;
import org.sgdvi.core.diffusion.Sampling;
import org.sgdvi.core.gradients.InferenceGradientEngine;
import org.sgdvi.core.spectrum.SolverChooser;
import org.sgdvi.core.spectrum.SpectrumInput;
import org.sgdvi.core.spectrum.SpectrumResult;
import org.sgdvi.core.spectrum.SpectrumStatistics;
import org.sgdvi.datasets.ImageDataset;
import org.sgdvi.datasets.sampling.SubsetSampler;
import org.sgdvi.experiments.data.TrainingSubset;
import org.sgdvi.experiments.run.RunFolder;
import org.sgdvi.experiments.train.TrainRunner;

/**
 * {@code --measure-spectrum}: after a trial, the spectrum of the diffusion matrix D (eq. (2) of the paper,
 * with-replacement normalisation, float32 accumulation) estimated from the exact inference-mode
 * per-example gradients of M training examples, at the trial's final weights and at its
 * initial weights (the same seeded initialization, rebuilt). Stored per trial: rank/d, mean, variance
 * and max of lambda(D), the Remark 15 normalized temperature (eta/b) * mean(lambda(D)) and the
 * Remark 16 score rank/d + var(lambda(D)); the eigenvalues go to {@code eigenvalues-final.npy} and
 * {@code eigenvalues-initial.npy} (float64, descending) in the trial folder. The M examples are a
 * uniform sample of the training split seeded with the trial's seed ({@link TrainingSubset}; M above
 * the split's size is clamped to it): their indices go to {@code subset.npy} in the trial folder and
 * their class counts, rule and seed to the stored {@code "subset"}.
 */
public final class SpectrumProbe implements TrialExecutor.AfterTrial {

    /**
     * The {@code "spectrum"} of a ledger entry.
     *
     * @param examples      M, the examples D was estimated from
     * @param subset        which examples
     * @param normalisation how D was normalised
     * @param atFinal       D at the trial's final weights (JSON {@code "final"})
     * @param initial       D at its initial weights
     */
    @JsonPropertyOrder({"examples", "subset", "normalisation", "final", "initial"})
    public record TrialSpectrum(int examples, TrainingSubset.Description subset, String normalisation,
                                @JsonProperty("final") Statistics atFinal, Statistics initial) {
    }

    /**
     * The statistics of the spectrum of D (eq. 2) at one set of weights.
     *
     * @param solver                the eigensolver's name
     * @param dimension             d
     * @param rank                  eigenvalues above the rank threshold
     * @param rankFraction          rank / d
     * @param lambdaMax             the largest |lambda|
     * @param lambdaMean            mean lambda(D)
     * @param lambdaVariance        var lambda(D)
     * @param normalizedTemperature Remark 15: (eta / b) mean lambda(D)
     * @param architectureScore     Remark 16: rank / d + var lambda(D)
     */
    public record Statistics(String solver, long dimension, long rank, double rankFraction, double lambdaMax,
                             double lambdaMean, double lambdaVariance, double normalizedTemperature,
                             double architectureScore) {
    }

    private final int examples;

    /** A probe using {@code examples} training examples. */
    public SpectrumProbe(int examples) {
        if (examples < 2) {
            throw new IllegalArgumentException("spectrum examples = " + examples + ", expected at least 2");
        }
        this.examples = examples;
    }

    /** The probe a definition asks for. */
    public static SpectrumProbe of(SweepDefinition d) {
        return new SpectrumProbe(d.spectrumExamples());
    }

    @Override
    public TrialSpectrum measure(TrainRunner.Outcome o, RunFolder run) {
        ImageDataset all = o.data().train();
        TrainingSubset subset = TrainingSubset.draw(all, "spectrum examples", examples, false, SubsetSampler.Rule.UNIFORM,
                o.request().seed(), line -> { });
        ImageDataset train = subset.apply(all);
        int m = train.size();
        if (run != null) {
            subset.write(run);
        }
        double eta = o.request().learningRate();
        int b = o.request().batchSize();
        Statistics atFinal = statistics(o.network(), train, m, eta, b, run, "eigenvalues-final.npy");
        MultiLayerNetwork init = o.request().buildNetwork(train);
        return new TrialSpectrum(m, subset.describe(), "with replacement, D = (1/M) sum_k g_k g_k^T - gbar gbar^T", atFinal,
                statistics(init, train, m, eta, b, run, "eigenvalues-initial.npy"));
    }

    /** The spectrum statistics of D at a network's current weights over the first m examples of {@code train}. */
    public static Statistics statistics(MultiLayerNetwork net, ImageDataset train, int m, double eta, int b,
                                                 RunFolder run, String npyName) {
        List<DataSet> chunks = new ArrayList<>();
        for (int from = 0; from < m; from += InferenceGradientEngine.DEFAULT_MAX_CHUNK) {
            chunks.add(train.toDataSet(from, Math.min(m, from + InferenceGradientEngine.DEFAULT_MAX_CHUNK)));
        }
        InferenceGradientEngine engine = new InferenceGradientEngine(net);
        try {
            // the source states N = m, so the automatic choice and the dense or Gram route cost one pass in all
            SpectrumInput input = SpectrumInput.streaming(new EngineChunkSource(engine, new ListDataSetIterator<>(chunks,
                    InferenceGradientEngine.DEFAULT_MAX_CHUNK), m), Sampling.WITH_REPLACEMENT, DataType.FLOAT);
            SpectrumResult r = SolverChooser.forInput(input, null, 1L).solve(input);
            SpectrumStatistics s = SpectrumStatistics.of(r);
            if (run != null) {
                run.writeNpy(npyName, r.eigenvalues());
            }
            return new Statistics(r.solver(), s.dimension(), s.rank(), s.rankFraction(), s.lambdaMax(), s.mean(), s.variance(),
                    s.normalizedTemperature(eta, b), s.architectureScore());
        } finally {
            InferenceGradientEngine.releaseWorkspace();
        }
    }
}
