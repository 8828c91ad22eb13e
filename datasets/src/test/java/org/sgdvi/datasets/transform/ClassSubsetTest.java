package org.sgdvi.datasets.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.sgdvi.datasets.ImageDataset;

class ClassSubsetTest {
    @Test
    void keepsTheGivenClassesAndRelabelsThemInTheGivenOrder() {
        float[] px = {0, 10, 20, 30, 40, 50};
        ImageDataset d = new ImageDataset("t", 1, 1, 1, 5, px, new int[] {0, 3, 1, 4, 3, 2});
        ImageDataset s = ClassSubset.apply(d, new int[] {3, 1});
        assertThat(s.numClasses()).isEqualTo(2);
        assertThat(s.images()).containsExactly(10, 20, 40);
        assertThat(s.labels()).containsExactly(0, 1, 0);
        assertThat(ClassSubset.describe(new int[] {3, 1})).isEqualTo("classes 3,1 relabelled 0..1");
    }

    @Test
    void rejectsUnknownAndRepeatedClasses() {
        ImageDataset d = new ImageDataset("t", 1, 1, 1, 5, new float[] {0}, new int[] {0});
        assertThatThrownBy(() -> ClassSubset.apply(d, new int[] {5})).hasMessageContaining("class 5");
        assertThatThrownBy(() -> ClassSubset.apply(d, new int[] {1, 1})).hasMessageContaining("twice");
    }
}
