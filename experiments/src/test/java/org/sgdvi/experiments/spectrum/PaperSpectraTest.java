package org.sgdvi.experiments.spectrum;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A run is compared with the paper's row for its model, data and augmentation (Figs. 1-2, Fig. 2c). */
class PaperSpectraTest {

    @Test
    void anAugmentedCifar10RunGetsThePapersAugmentedRowAndAPlainOneThePlainRow() {
        PaperSpectra augmented = PaperSpectra.forRun("small-allcnn", "cifar10", true).orElseThrow();
        assertThat(augmented.data()).isEqualTo("CIFAR-10 with augmentation");
        assertThat(augmented.mean()).isEqualTo(0.43);
        assertThat(augmented.std()).isEqualTo(1.32);
        assertThat(augmented.rankPercent()).isEqualTo(0.32);
        PaperSpectra plain = PaperSpectra.forRun("small-allcnn", "cifar10", false).orElseThrow();
        assertThat(plain.data()).isEqualTo("CIFAR-10");
        assertThat(plain.mean()).isEqualTo(0.27);
    }

    @Test
    void anAugmentedRunOnDataThePaperDidNotAugmentHasNoRow() {
        assertThat(PaperSpectra.forRun("small-allcnn", "cifar100", true)).isEmpty();
        assertThat(PaperSpectra.forRun("small-lenet", "mnist", true)).isEmpty();
        assertThat(PaperSpectra.forRun("small-allcnn", "cifar100", false).orElseThrow().mean()).isEqualTo(0.98);
        assertThat(PaperSpectra.forRun("small-lenet", "mnist", false).orElseThrow().rankPercent()).isEqualTo(1.8);
        assertThat(PaperSpectra.forRun("small-lenet", "fashion-mnist", false)).isEmpty();
    }
}
