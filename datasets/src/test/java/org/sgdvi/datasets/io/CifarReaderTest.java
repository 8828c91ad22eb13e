package org.sgdvi.datasets.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sgdvi.datasets.DataFormatException;
import org.sgdvi.datasets.ImageDataset;
import org.sgdvi.datasets.TestData;

class CifarReaderTest {
    @Test
    void readsCifar10BatchesInOrderWithChannelMajorPixels() {
        SourceFile a = SourceFile.of("data_batch_1.bin", TestData.cifar10(new int[] {6, 9}));
        SourceFile b = SourceFile.of("data_batch_2.bin", TestData.cifar10(new int[] {0, 1, 2}));
        ImageDataset d = CifarReader.readCifar10(List.of(a, b), 0, "c10");
        assertThat(d.size()).isEqualTo(5);
        assertThat(d.channels()).isEqualTo(3);
        assertThat(d.height()).isEqualTo(32);
        assertThat(d.width()).isEqualTo(32);
        assertThat(d.labels()).containsExactly(6, 9, 0, 1, 2);
        float[] px = d.images();
        // example 3 is image 1 of the second file; green channel (1), row 5, column 7
        int j = 1024 + 5 * 32 + 7;
        assertThat(px[3 * 3072 + j]).isEqualTo(TestData.pixel(1, j) / 255f);
        assertThat(px[1 * 3072 + 3071]).isEqualTo(TestData.pixel(1, 3071) / 255f);
    }

    @Test
    void readsCifar100FineAndCoarseLabels() {
        SourceFile f = SourceFile.of("train.bin", TestData.cifar100(new int[] {19, 0, 7}, new int[] {99, 3, 50}));
        CifarReader.Cifar100Data d = CifarReader.readCifar100(f, 3, "c100");
        assertThat(d.fine().labels()).containsExactly(99, 3, 50);
        assertThat(d.fine().numClasses()).isEqualTo(100);
        assertThat(d.coarseLabels()).containsExactly(19, 0, 7);
        assertThat(d.coarse().numClasses()).isEqualTo(20);
        assertThat(d.fine().images()[2 * 3072 + 2047]).isEqualTo(TestData.pixel(2, 2047) / 255f);
    }

    @Test
    void partialRecordIsRejected() {
        byte[] b = TestData.cifar10(new int[] {1, 2});
        SourceFile f = SourceFile.of("data_batch_3.bin", TestData.truncate(b, b.length - 100));
        assertThatThrownBy(() -> CifarReader.readCifar10(List.of(f), 0, "c10"))
                .isInstanceOf(DataFormatException.class).hasMessageContaining("data_batch_3.bin")
                .hasMessageContaining("file length").hasMessageContaining("3073-byte record");
    }

    @Test
    void wrongRecordCountIsRejected() {
        SourceFile f = SourceFile.of("test_batch.bin", TestData.cifar10(new int[] {1, 2}));
        assertThatThrownBy(() -> CifarReader.readCifar10(List.of(f), 10000, "c10"))
                .isInstanceOf(DataFormatException.class).hasMessageContaining("test_batch.bin")
                .hasMessageContaining("number of records").hasMessageContaining("expected 10000")
                .hasMessageContaining("found 2");
    }

    @Test
    void labelsOutOfRangeAreRejected() {
        SourceFile c10 = SourceFile.of("b.bin", TestData.cifar10(new int[] {1, 10}));
        assertThatThrownBy(() -> CifarReader.readCifar10(List.of(c10), 0, "c10"))
                .isInstanceOf(DataFormatException.class).hasMessageContaining("b.bin")
                .hasMessageContaining("label of record 1").hasMessageContaining("found 10");
        SourceFile c100 = SourceFile.of("t.bin", TestData.cifar100(new int[] {20}, new int[] {5}));
        assertThatThrownBy(() -> CifarReader.readCifar100(c100, 0, "c100"))
                .isInstanceOf(DataFormatException.class).hasMessageContaining("coarse label of record 0");
        SourceFile fine = SourceFile.of("t.bin", TestData.cifar100(new int[] {2}, new int[] {100}));
        assertThatThrownBy(() -> CifarReader.readCifar100(fine, 0, "c100"))
                .isInstanceOf(DataFormatException.class).hasMessageContaining("fine label of record 0");
    }

    @Test
    void cifar100RecordLengthIsNotCifar10() {
        SourceFile f = SourceFile.of("train.bin", TestData.cifar10(new int[] {1, 2, 3}));
        assertThatThrownBy(() -> CifarReader.readCifar100(f, 0, "c100"))
                .isInstanceOf(DataFormatException.class).hasMessageContaining("3074-byte record");
    }
}
