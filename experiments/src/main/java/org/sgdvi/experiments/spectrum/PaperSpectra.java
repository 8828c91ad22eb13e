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

    /** The paper's row for a model and a catalog data name, if it reports one. */
    public static Optional<PaperSpectra> forRun(String model, String dataName) {
        String paperData = dataName.startsWith("cifar100") ? "CIFAR-100"
                : dataName.startsWith("cifar10") ? "CIFAR-10"
                : dataName.contains("mnist") && !dataName.contains("fashion") ? "MNIST" : null;
        return ROWS.stream().filter(r -> r.model.equals(model) && r.data.equals(paperData)).findFirst();
    }
}
