package org.sgdvi.datasets.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DataOptionsTest {
    @Test
    void parsesRangesAndLists() {
        assertThat(DataOptions.parseClasses("0-4")).containsExactly(0, 1, 2, 3, 4);
        assertThat(DataOptions.parseClasses("0,2,5")).containsExactly(0, 2, 5);
        assertThat(DataOptions.parseClasses(" 7, 0-2 ")).containsExactly(7, 0, 1, 2);
    }

    @Test
    void rejectsMalformedLists() {
        assertThatThrownBy(() -> DataOptions.parseClasses("")).hasMessageContaining("empty");
        assertThatThrownBy(() -> DataOptions.parseClasses("a-b")).hasMessageContaining("\"a-b\"");
        assertThatThrownBy(() -> DataOptions.parseClasses("4-2")).hasMessageContaining("backwards");
        assertThatThrownBy(() -> DataOptions.parseClasses("1,1")).hasMessageContaining("repeats");
        assertThatThrownBy(() -> DataOptions.parseClasses("-1")).hasMessageContaining("negative");
    }

    @Test
    void defaultsAndBuilder() {
        DataOptions d = DataOptions.defaults();
        assertThat(d.seed()).isEqualTo(12345L);
        assertThat(d.allowDownload()).isTrue();
        assertThat(d.zcaWhiten()).isFalse();
        assertThat(d.downsample()).isNull();
        assertThat(d.classes()).isNull();
        DataOptions o = DataOptions.builder().classes("0-1").downsample(7).seed(3).build();
        assertThat(o.toBuilder().build()).isEqualTo(o);
        assertThat(o.classes()).containsExactly(0, 1);
    }
}
