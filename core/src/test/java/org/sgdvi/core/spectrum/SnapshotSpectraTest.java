package org.sgdvi.core.spectrum;

import org.sgdvi.core.kernels.JacobiEigenvalues;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.ViewIterator;
import org.sgdvi.core.diffusion.BatchOfOneGradients;
import org.sgdvi.core.diffusion.DiffusionListener;
import org.sgdvi.core.diffusion.GradientTestData;
import org.sgdvi.core.diffusion.Sampling;
import org.sgdvi.core.diffusion.TinyNetworks;

/** Spectra taken by the training listener against a Jacobi reference on the final weights. */
class SnapshotSpectraTest {

    @Test
    void spectraAtPaperFractionsMatchTheFinalWeightsReference() {
        MultiLayerNetwork net = TinyNetworks.plainMlp(21);
        DataSet data = TinyNetworks.data(24, 8);
        SnapshotSpectra spectra = new SnapshotSpectra(DataType.DOUBLE, Sampling.WITHOUT_REPLACEMENT, "gram", 1, 20);
        net.setListeners(DiffusionListener.builder(BatchOfOneGradients::new).examples(data.copy(), 7)
                .atFractions(6).onSnapshot(spectra).build());
        net.fit(new ViewIterator(data, 8), 2);
        assertThat(spectra.entries()).extracting(SnapshotSpectra.Entry::iteration).containsExactly(1L, 2L, 6L);
        SnapshotSpectra.Entry last = spectra.entries().get(2);
        assertThat(last.exampleCount()).isEqualTo(24);
        assertThat(last.result().solver()).isEqualTo("gram");

        double[][] g = GradientTestData.toJava(new BatchOfOneGradients(net.clone()).compute(data.getFeatures(), data.getLabels()));
        double[] reference = JacobiEigenvalues.of(GradientTestData.centredDiffusion(g, Sampling.WITHOUT_REPLACEMENT));
        double[] got = last.result().fullSpectrum();
        for (int i = 0; i < reference.length; i++) {
            assertThat(got[i]).as("eigenvalue %d", i).isCloseTo(reference[i], within(1e-12 * reference[0]));
        }
        // rank(D') <= N - 1 = 23 of d = 43
        assertThat(last.statistics().rank()).isLessThanOrEqualTo(23).isPositive();
        assertThat(last.statistics().histogram().total()).isEqualTo(43);
    }
}
