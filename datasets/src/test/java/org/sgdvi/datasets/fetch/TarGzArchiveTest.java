package org.sgdvi.datasets.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sgdvi.datasets.DataFormatException;
import org.sgdvi.datasets.TestData;

class TarGzArchiveTest {
    @TempDir
    Path dir;

    private java.util.List<String> names() throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void extractsTheTopFolderIntoPlace() throws Exception {
        Map<String, byte[]> e = new LinkedHashMap<>();
        e.put("top/a.bin", new byte[] {1, 2});
        e.put("top/sub/b.bin", new byte[] {3});
        e.put("other.txt", new byte[] {4});
        Path tgz = TestData.write(dir.resolve("x.tgz"), TestData.tarGz(e));
        TarGzArchive.extractDirectory(tgz, "top", dir.resolve("dest"));
        assertThat(Files.readAllBytes(dir.resolve("dest/a.bin"))).containsExactly(1, 2);
        assertThat(Files.readAllBytes(dir.resolve("dest/sub/b.bin"))).containsExactly(3);
        assertThat(names()).containsExactly("dest", "x.tgz");
    }

    @Test
    void rejectsPathTraversalAndMissingTopFolderLeavingNothing() throws Exception {
        Path evil = TestData.write(dir.resolve("evil.tgz"), TestData.tarGz(Map.of("top/../../escape.txt", new byte[] {1})));
        assertThatThrownBy(() -> TarGzArchive.extractDirectory(evil, "top", dir.resolve("dest")))
                .isInstanceOf(DataFormatException.class).hasMessageContaining("evil.tgz")
                .hasMessageContaining("escapes");
        Path noTop = TestData.write(dir.resolve("notop.tgz"), TestData.tarGz(Map.of("elsewhere/a", new byte[] {1})));
        assertThatThrownBy(() -> TarGzArchive.extractDirectory(noTop, "top", dir.resolve("dest")))
                .isInstanceOf(DataFormatException.class).hasMessageContaining("top-level folder");
        assertThat(names()).containsExactly("evil.tgz", "notop.tgz");
        assertThat(dir.getParent().resolve("escape.txt")).doesNotExist();
    }

    @Test
    void truncatedArchiveIsRejected() throws Exception {
        byte[] b = TestData.tarGz(Map.of("top/a.bin", new byte[20000]));
        Path tgz = TestData.write(dir.resolve("cut.tgz"), TestData.truncate(b, b.length / 2));
        assertThatThrownBy(() -> TarGzArchive.extractDirectory(tgz, "top", dir.resolve("dest")))
                .isInstanceOf(Exception.class);
        assertThat(dir.resolve("dest")).doesNotExist();
        assertThat(names()).containsExactly("cut.tgz");
    }
}
