package org.sgdvi.experiments.spectrum;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.nd4j.linalg.api.buffer.DataType;
import org.sgdvi.core.device.Device;
import org.sgdvi.core.diffusion.Sampling;
import org.sgdvi.core.spectrum.SolverKind;
import org.sgdvi.datasets.sampling.SubsetSampler;

/**
 * How D(x) and its spectrum are measured.
 *
 * @param dtype accumulation type (FLOAT as in the paper, or DOUBLE)
 * @param sampling WITH_REPLACEMENT gives eq. 2; WITHOUT_REPLACEMENT multiplies it by N/(N-1)
 * @param solver the solver to force, or null for the automatic choice
 * @param examples training examples D is measured over (0 = the whole training set), drawn by
 *                 {@code subset} with {@code subsetSeed} ({@link org.sgdvi.experiments.data.TrainingSubset})
 * @param fractions fractions of training at which D is measured (Remark 13: 0.2, 0.4, 1.0)
 * @param bins histogram bins
 * @param seed seed of the matrix-free solver's start block
 * @param subset how the examples are drawn from the training split
 * @param subsetSeed seed of that draw
 * @param device where D and its eigenvalues are computed ({@code --device}; null means the CPU)
 */
public record SpectrumOptions(DataType dtype, Sampling sampling, @JsonIgnore SolverKind solver, int examples,
                              double[] fractions, int bins, long seed, SubsetSampler.Rule subset, long subsetSeed,
                              @JsonIgnore Device device) {

    /** The forced solver's {@code --solver} name (config.json), or null for the automatic choice. */
    @JsonProperty("solver")
    public String solverName() {
        return solver == null ? null : solver.cliName();
    }

    /** The {@code --device} name (config.json): auto, cpu or cuda. */
    @JsonProperty("device")
    public String deviceName() {
        return device == null ? Device.CPU.cliName() : device.cliName();
    }
}
