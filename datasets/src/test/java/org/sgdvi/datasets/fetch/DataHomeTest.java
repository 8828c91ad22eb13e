package org.sgdvi.datasets.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DataHomeTest {
    private static final Path HOME = Path.of("/home/u");

    @Test
    void optionWinsOverEnvironmentWhichWinsOverDefault() {
        Map<String, String> env = Map.of("SGDVI_DATA", "/env/data");
        assertThat(DataHome.resolve(Path.of("/opt/d"), env, HOME)).isEqualTo(Path.of("/opt/d"));
        assertThat(DataHome.resolve(null, env, HOME)).isEqualTo(Path.of("/env/data"));
        assertThat(DataHome.resolve(null, Map.of(), HOME)).isEqualTo(Path.of("/home/u/.sgdvi/data"));
        assertThat(DataHome.resolve(null, Map.of("SGDVI_DATA", " "), HOME)).isEqualTo(Path.of("/home/u/.sgdvi/data"));
    }
}
