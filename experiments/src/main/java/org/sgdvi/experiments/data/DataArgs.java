package org.sgdvi.experiments.data;

import java.nio.file.Path;
import org.sgdvi.datasets.DataSplit;
import org.sgdvi.datasets.catalog.DataOptions;
import org.sgdvi.datasets.catalog.DatasetCatalog;
import picocli.CommandLine.Option;

/**
 * The data options every command shares: {@code --data NAME} from the catalog, {@code --data-dir},
 * and derived-set options ({@code --downsample 7 --classes 0-4}).
 */
public final class DataArgs {

    @Option(names = "--data", defaultValue = "mnist", paramLabel = "NAME",
            description = "Data set: mnist, mnist7x7, mnist7x7-5class, fashion-mnist, cifar10, cifar100 "
                    + "(default: ${DEFAULT-VALUE}).")
    public String data = "mnist";

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Data folder (default: $SGDVI_DATA, then ~/.sgdvi/data).")
    public Path dataDir;

    @Option(names = "--downsample", paramLabel = "SIDE", description = "Down-sample images to SIDE x SIDE by area averaging.")
    public Integer downsample;

    @Option(names = "--classes", paramLabel = "LIST", description = "Keep these classes, relabelled 0..k-1 (e.g. 0-4 or 0,3,7).")
    public String classes;

    @Option(names = "--zca", description = "Global contrast normalization + ZCA whitening fitted on the training split.")
    public boolean zca;

    @Option(names = "--split-seed", paramLabel = "SEED", defaultValue = "12345", description = "Seed of the fixed train/validation split (default: ${DEFAULT-VALUE}).")
    public long splitSeed = DataOptions.DEFAULT_SEED;

    @Option(names = "--no-download", description = "Never fetch data from the network.")
    public boolean noDownload;

    /** The options for the catalog. */
    public DataOptions options() {
        DataOptions.Builder b = DataOptions.builder().dataDir(dataDir).downsample(downsample).seed(splitSeed)
                .allowDownload(!noDownload).zcaWhiten(zca);
        if (classes != null) {
            b.classes(classes);
        }
        return b.build();
    }

    /** Loads the named data set with these options. */
    public DataSplit load() {
        return DatasetCatalog.load(data, options());
    }
}
