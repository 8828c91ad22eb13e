package org.sgdvi.datasets.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sgdvi.datasets.DataFormatException;
import org.sgdvi.datasets.ImageDataset;
import org.sgdvi.datasets.TestData;

class IdxReaderTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void readsKnownPixelsAndLabelsPlainAndGzip(boolean gzip) throws Exception {
        Path img = TestData.write(dir.resolve("i"), TestData.maybeGzip(TestData.idxImages(5, 4, 3), gzip));
        Path lab = TestData.write(dir.resolve("l"), TestData.maybeGzip(TestData.idxLabels(new int[] {3, 1, 4, 1, 5}), gzip));
        ImageDataset d = IdxReader.read(img, lab, "t", 10, 4, 3);
        assertThat(d.size()).isEqualTo(5);
        assertThat(d.channels()).isEqualTo(1);
        assertThat(d.height()).isEqualTo(4);
        assertThat(d.width()).isEqualTo(3);
        assertThat(d.labels()).containsExactly(3, 1, 4, 1, 5);
        float[] px = d.images();
        // image 2, row 3, column 1 -> byte index 3*3+1 = 10 of image 2
        assertThat(px[2 * 12 + 10]).isEqualTo(TestData.pixel(2, 10) / 255f);
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 12; j++) {
                assertThat(px[i * 12 + j]).isEqualTo(TestData.pixel(i, j) / 255f);
            }
        }
    }

    private static SourceFile src(String name, byte[] b) {
        return SourceFile.of(name, b);
    }

    @Test
    void truncatedImageFileIsRejected() {
        byte[] b = TestData.idxImages(3, 28, 28);
        assertThatThrownBy(() -> IdxReader.readImages(src("imgs.idx3", TestData.truncate(b, b.length - 1))))
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining("imgs.idx3").hasMessageContaining("data length")
                .hasMessageContaining(String.valueOf(b.length)).hasMessageContaining("truncated");
    }

    @Test
    void truncatedHeaderIsRejected() {
        byte[] b = TestData.idxImages(3, 28, 28);
        assertThatThrownBy(() -> IdxReader.readImages(src("h.idx3", TestData.truncate(b, 10))))
                .isInstanceOf(DataFormatException.class).hasMessageContaining("h.idx3").hasMessageContaining("header");
        assertThatThrownBy(() -> IdxReader.readImages(src("h2.idx3", TestData.truncate(b, 2))))
                .isInstanceOf(DataFormatException.class).hasMessageContaining("h2.idx3")
                .hasMessageContaining("magic number");
    }

    @Test
    void trailingBytesAreRejected() {
        byte[] b = TestData.idxLabels(new int[] {1, 2});
        byte[] longer = java.util.Arrays.copyOf(b, b.length + 3);
        assertThatThrownBy(() -> IdxReader.readLabels(src("lab", longer)))
                .isInstanceOf(DataFormatException.class).hasMessageContaining("trailing");
    }

    @Test
    void wrongMagicIsRejected() {
        byte[] labels = TestData.idxLabels(new int[] {1, 2});
        assertThatThrownBy(() -> IdxReader.readImages(src("labels-as-images", labels)))
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining("labels-as-images").hasMessageContaining("magic number")
                .hasMessageContaining("0x00000803").hasMessageContaining("0x00000801");
        byte[] img = TestData.withInt(TestData.idxImages(1, 2, 2), 0, 0x00000D03);
        assertThatThrownBy(() -> IdxReader.readImages(src("float-images", img)))
                .isInstanceOf(DataFormatException.class).hasMessageContaining("0x00000D03");
    }

    @Test
    void countMismatchIsRejected() {
        SourceFile img = src("imgs", TestData.idxImages(4, 28, 28));
        SourceFile lab = src("labs", TestData.idxLabels(new int[] {1, 2, 3}));
        assertThatThrownBy(() -> IdxReader.read(img, lab, "t", 10, 28, 28))
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining("labs").hasMessageContaining("number of labels")
                .hasMessageContaining("expected 4").hasMessageContaining("found 3");
    }

    @Test
    void wrongDimensionsAreRejected() {
        SourceFile img = src("small-imgs", TestData.idxImages(2, 5, 28));
        SourceFile lab = src("labs", TestData.idxLabels(new int[] {1, 2}));
        assertThatThrownBy(() -> IdxReader.read(img, lab, "t", 10, 28, 28))
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining("small-imgs").hasMessageContaining("number of rows")
                .hasMessageContaining("expected 28").hasMessageContaining("found 5");
        SourceFile negative = src("neg", TestData.withInt(TestData.idxImages(1, 2, 2), 8, 0));
        assertThatThrownBy(() -> IdxReader.readImages(negative))
                .isInstanceOf(DataFormatException.class).hasMessageContaining("number of rows");
    }

    @Test
    void labelOutOfRangeIsRejected() {
        SourceFile img = src("imgs", TestData.idxImages(2, 28, 28));
        SourceFile lab = src("labs", TestData.idxLabels(new int[] {1, 12}));
        assertThatThrownBy(() -> IdxReader.read(img, lab, "t", 10, 28, 28))
                .isInstanceOf(DataFormatException.class).hasMessageContaining("labs").hasMessageContaining("label 1")
                .hasMessageContaining("found 12");
    }

    @Test
    void corruptGzipIsRejected() {
        byte[] gz = TestData.gzip(TestData.idxImages(3, 28, 28));
        assertThatThrownBy(() -> IdxReader.readImages(src("imgs.gz", TestData.truncate(gz, gz.length / 2))))
                .isInstanceOf(DataFormatException.class).hasMessageContaining("imgs.gz")
                .hasMessageContaining("gzip stream");
    }

    @Test
    void sourceFileHashIsSha256OfStoredBytes() throws Exception {
        byte[] b = TestData.gzip(TestData.idxLabels(new int[] {1}));
        Path p = TestData.write(dir.resolve("x.gz"), b);
        SourceFile f = SourceFile.read(p);
        String expected = java.util.HexFormat.of().formatHex(
                java.security.MessageDigest.getInstance("SHA-256").digest(b));
        assertThat(f.sha256()).isEqualTo(expected);
        assertThat(f.isGzip()).isTrue();
    }
}
