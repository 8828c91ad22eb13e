package org.sgdvi.experiments.trajectory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sgdvi.core.io.Npy;
import org.sgdvi.core.trajectory.StoreLayout;
import org.sgdvi.core.trajectory.TrajectoryStore;

class TrajectoryInputTest {

    @TempDir
    Path dir;

    @Test
    void storeFolderBringsItsGradientNormColumn() throws IOException {
        Path folder = dir.resolve("store");
        try (TrajectoryStore store = TrajectoryStore.create(folder, new StoreLayout(3, 4, StoreLayout.DEFAULT_SCALAR_COLUMNS))) {
            for (int k = 0; k < 10; k++) {
                store.append(new float[] {k, 2 * k, -k}, k, 10.0 - k, 0.5);
            }
        }
        TrajectoryInput in = TrajectoryInput.load(folder, null);
        assertThat(in.matrix().length()).isEqualTo(10);
        assertThat(in.matrix().series(1)[9]).isEqualTo(18);
        assertThat(in.gradNorm()).hasSize(10).startsWith(10.0, 9.0);
        assertThat(in.gradSource()).contains("gradNorm");

        Path g = dir.resolve("g.npy");
        Npy.write(g, new double[10]);
        assertThat(TrajectoryInput.load(folder, g).gradNorm()).containsOnly(0.0);
    }

    @Test
    void npyFileWithoutGradientNorm() throws IOException {
        Path file = dir.resolve("t.npy");
        Npy.write(file, new float[][] {{1, 2}, {3, 4}, {5, 6}});
        TrajectoryInput in = TrajectoryInput.load(file, null);
        assertThat(in.matrix().series(1)).containsExactly(2, 4, 6);
        assertThat(in.gradNorm()).isNull();
    }

    @Test
    void missingFilesAndPlainFoldersAreNamed() throws IOException {
        assertThatThrownBy(() -> TrajectoryInput.load(dir.resolve("none.npy"), null))
                .hasMessageContaining("none.npy");
        Files.createDirectories(dir.resolve("plain"));
        assertThatThrownBy(() -> TrajectoryInput.load(dir.resolve("plain"), null))
                .hasMessageContaining("not a trajectory store");
    }
}
