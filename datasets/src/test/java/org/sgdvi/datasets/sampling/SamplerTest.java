package org.sgdvi.datasets.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;
import org.sgdvi.datasets.ImageDataset;
import org.sgdvi.datasets.TestData;
import org.sgdvi.datasets.transform.FlipPadCropAugmentation;

class SamplerTest {
    private static final ImageDataset DATA = TestData.grid(50, 3, 3, 4);

    @Test
    void withReplacementDistinctCountMatchesTheClosedForm() {
        int n = 50;
        int b = 20;
        int batches = 4000;
        WithReplacementSampler s = new WithReplacementSampler(DATA, b, 17);
        double sum = 0;
        int drawn = 0;
        while (drawn < batches) {
            if (!s.hasNext()) {
                s.reset();
            }
            int[] idx = s.nextIndices();
            sum += Arrays.stream(idx).distinct().count();
            drawn++;
        }
        double q = 1 - 1.0 / n;
        double mean = n * (1 - Math.pow(q, b));
        // Var of the number of distinct values among b uniform draws from n
        double var = n * (n - 1) * Math.pow(1 - 2.0 / n, b) + n * Math.pow(q, b) - n * n * Math.pow(q, 2 * b);
        assertThat(mean).isCloseTo(16.6, within(0.1)); // 50 (1 - 0.98^20) = 16.62
        assertThat(sum / batches).isCloseTo(mean, within(4 * Math.sqrt(var / batches)));
    }

    @Test
    void withoutReplacementEpochsArePermutationsAndDiffer() {
        int b = 10;
        WithoutReplacementSampler s = new WithoutReplacementSampler(DATA, b, 5);
        List<int[]> epochs = new ArrayList<>();
        for (int e = 0; e < 3; e++) {
            int[] all = new int[50];
            int k = 0;
            while (s.hasNext()) {
                int[] idx = s.nextIndices();
                System.arraycopy(idx, 0, all, k, b);
                k += b;
            }
            assertThat(k).isEqualTo(50);
            assertThat(all).containsExactlyInAnyOrder(java.util.stream.IntStream.range(0, 50).toArray());
            epochs.add(all);
            s.reset();
        }
        assertThat(epochs.get(0)).isNotEqualTo(epochs.get(1));
        assertThat(epochs.get(1)).isNotEqualTo(epochs.get(2));
    }

    @Test
    void epochIsFloorOfNOverBBatchesForBothAndPartialBatchIsDropped() {
        for (MiniBatchSampler s : List.of(new WithReplacementSampler(DATA, 15, 1),
                new WithoutReplacementSampler(DATA, 15, 1))) {
            int count = 0;
            while (s.hasNext()) {
                DataSet d = s.next();
                assertThat(d.getFeatures().shape()).containsExactly(15, 9);
                assertThat(d.getLabels().shape()).containsExactly(15, 4);
                count++;
            }
            assertThat(count).isEqualTo(3);
            assertThat(s.batchesPerEpoch()).isEqualTo(3);
            assertThatThrownBy(s::next).isInstanceOf(NoSuchElementException.class).hasMessageContaining("reset()");
            s.reset();
            assertThat(s.epoch()).isEqualTo(1);
            assertThat(s.hasNext()).isTrue();
            assertThat(s.resetSupported()).isTrue();
            assertThat(s.asyncSupported()).isFalse();
            assertThat(s.batch()).isEqualTo(15);
            assertThat(s.inputColumns()).isEqualTo(9);
            assertThat(s.totalOutcomes()).isEqualTo(4);
        }
    }

    @Test
    void resetOfAnUntouchedEpochIsANoOp() {
        WithoutReplacementSampler a = new WithoutReplacementSampler(DATA, 10, 8);
        WithoutReplacementSampler b = new WithoutReplacementSampler(DATA, 10, 8);
        b.reset();
        b.reset();
        assertThat(b.epoch()).isZero();
        assertThat(b.nextIndices()).containsExactly(a.nextIndices());
    }

    @Test
    void batchesHoldTheImagesAndOneHotLabelsOfTheirIndices() {
        WithoutReplacementSampler a = new WithoutReplacementSampler(DATA, 7, 21);
        WithoutReplacementSampler b = new WithoutReplacementSampler(DATA, 7, 21);
        int[] idx = a.nextIndices();
        DataSet d = b.next();
        float[] f = d.getFeatures().data().asFloat();
        float[] l = d.getLabels().data().asFloat();
        float[] px = new float[9];
        for (int i = 0; i < 7; i++) {
            DATA.copyImage(idx[i], px, 0);
            assertThat(Arrays.copyOfRange(f, i * 9, i * 9 + 9)).containsExactly(px);
            for (int c = 0; c < 4; c++) {
                assertThat(l[i * 4 + c]).isEqualTo(c == DATA.label(idx[i]) ? 1f : 0f);
            }
        }
    }

    private static List<float[]> take(MiniBatchSampler s, int batches) {
        List<float[]> out = new ArrayList<>();
        for (int i = 0; i < batches; i++) {
            if (!s.hasNext()) {
                s.reset();
            }
            DataSet d = s.next();
            float[] f = d.getFeatures().data().asFloat();
            float[] l = d.getLabels().data().asFloat();
            float[] both = Arrays.copyOf(f, f.length + l.length);
            System.arraycopy(l, 0, both, f.length, l.length);
            out.add(both);
        }
        return out;
    }

    private static void assertRoundTrip(Supplier<MiniBatchSampler> make) throws Exception {
        ObjectMapper json = new ObjectMapper();
        MiniBatchSampler original = make.get();
        take(original, 7); // mid-epoch (5 batches per epoch at b = 10)
        String saved = json.writeValueAsString(original.state());
        List<float[]> expected = take(original, 12); // crosses two epoch boundaries
        MiniBatchSampler restored = make.get();
        take(restored, 3); // somewhere else entirely
        restored.restore(json.readValue(saved, SamplerState.class));
        List<float[]> actual = take(restored, 12);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(actual.get(i)).containsExactly(expected.get(i));
        }
        assertThat(restored.state()).isEqualTo(original.state());
    }

    @Test
    void stateRoundTripsThroughJsonMidEpoch() throws Exception {
        float[] px = new float[50 * 27];
        for (int i = 0; i < px.length; i++) {
            px[i] = i % 97;
        }
        ImageDataset data = new ImageDataset("rgb", 3, 3, 3, 4, px, TestData.cyclicLabels(50, 4));
        assertRoundTrip(() -> new WithReplacementSampler(data, 10, 99));
        assertRoundTrip(() -> new WithoutReplacementSampler(data, 10, 99));
        assertRoundTrip(() -> new WithoutReplacementSampler(data, 10, 99)
                .withAugmentation(new FlipPadCropAugmentation(1)));
        assertRoundTrip(() -> new WithReplacementSampler(data, 10, 99)
                .withAugmentation(new FlipPadCropAugmentation(1)));
    }

    @Test
    void augmentationChangesBatchesAndIsSeeded() {
        MiniBatchSampler plain = new WithoutReplacementSampler(DATA, 10, 4);
        MiniBatchSampler aug = new WithoutReplacementSampler(DATA, 10, 4).withAugmentation(new FlipPadCropAugmentation(1));
        MiniBatchSampler aug2 = new WithoutReplacementSampler(DATA, 10, 4).withAugmentation(new FlipPadCropAugmentation(1));
        List<float[]> p = take(plain, 3);
        List<float[]> a = take(aug, 3);
        List<float[]> a2 = take(aug2, 3);
        assertThat(a.get(0)).isNotEqualTo(p.get(0));
        for (int i = 0; i < 3; i++) {
            assertThat(a.get(i)).containsExactly(a2.get(i));
        }
    }

    @Test
    void restoreRejectsAStateOfAnotherSampler() {
        SamplerState s = new WithReplacementSampler(DATA, 10, 1).state();
        assertThatThrownBy(() -> new WithoutReplacementSampler(DATA, 10, 1).restore(s))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not fit");
        assertThatThrownBy(() -> new WithReplacementSampler(DATA, 5, 1).restore(s))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
