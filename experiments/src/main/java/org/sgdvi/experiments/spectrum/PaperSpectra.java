package org.sgdvi.experiments.spectrum;

import java.util.List;
import java.util.Optional;

/**
 * The spectra the paper reports (its Figs. 1-2), to print beside a run's own numbers.
 *
 * @param model zoo network
 * @param data data set as the paper names it
 * @param mean mean of lambda(D)
 * @param std standard deviation of lambda(D)
 * @param rankPercent rank(D)/d in percent
 */
public record PaperSpectra(String model, String data, double mean, double std, double rankPercent) {

    /** Every row of the paper's table. */
    public static final List<PaperSpectra> ROWS = List.of(
            new PaperSpectra("small-lenet", "MNIST", 0.3e-3, 2.11e-3, 1.8),
            new PaperSpectra("small-fc", "MNIST", 0.9e-3, 18.5e-3, 0.6),
            new PaperSpectra("small-allcnn", "CIFAR-10", 0.27, 0.84, 0.34),
            new PaperSpectra("small-allcnn", "CIFAR-100", 0.98, 2.16, 0.47),
            new PaperSpectra("small-allcnn", "CIFAR-10 with augmentation", 0.43, 1.32, 0.32));

    /** The data name of the paper's row for CIFAR-10 trained with augmentation (Fig. 2c). */
    public static final String CIFAR10_AUGMENTED = "CIFAR-10 with augmentation";

    /**
     * The paper's row for a model, a catalog data name and whether the run augmented its mini-batches, if the paper
     * reports one: an augmented CIFAR-10 run is compared with the paper's augmented row (Fig. 2c), a plain run with a
     * plain row; an augmented run on data the paper did not augment has no row to be compared with.
     */
    public static Optional<PaperSpectra> forRun(String model, String dataName, boolean augmented) {
        String paperData = dataName.startsWith("cifar100") ? "CIFAR-100"
                : dataName.startsWith("cifar10") ? "CIFAR-10"
                : dataName.contains("mnist") && !dataName.contains("fashion") ? "MNIST" : null;
        String row = augmented ? ("CIFAR-10".equals(paperData) ? CIFAR10_AUGMENTED : null) : paperData;
        return ROWS.stream().filter(r -> r.model.equals(model) && r.data.equals(row)).findFirst();
    }
}
