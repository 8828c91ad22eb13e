package org.sgdvi.experiments.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepDefinitionTest {

    @TempDir
    Path tmp;

    @Test
    void yamlAndJsonFilesGiveTheSameDefinition() throws Exception {
        Path yaml = tmp.resolve("s.yaml");
        Files.writeString(yaml, "models: [tiny-fc]\ndata: mnist7x7-5class\nlearningRates: [0.01, 0.1]\n"
                + "batchSizes: [32, 128]\nseeds: [1]\nepochs: 2\nsamplings: [with, without]\n");
        Path json = tmp.resolve("s.json");
        Files.writeString(json, "{\"models\":[\"tiny-fc\"],\"data\":\"mnist7x7-5class\",\"learningRates\":[0.01,0.1],"
                + "\"batchSizes\":[32,128],\"seeds\":[1],\"epochs\":2,\"samplings\":[\"with\",\"without\"]}");
        SweepDefinition a = SweepDefinition.read(yaml).resolve(yaml.toString());
        SweepDefinition b = SweepDefinition.read(json).resolve(json.toString());
        assertThat(a).isEqualTo(b);
        assertThat(a.fingerprint()).isEqualTo(b.fingerprint());
        assertThat(a.momentum()).isEqualTo(SweepDefinition.DEFAULTS.momentum());
        assertThat(SweepPlan.of(a).size()).isEqualTo(8);
    }

    @Test
    void flagsOverrideTheFileWhichOverridesTheDefaults() {
        SweepDefinition file = new SweepDefinition(List.of("tiny-fc"), null, null, null, null, null, null, null,
                List.of(0.5), null, null, null, null, null, null, null, 3, null, null, null, null, null, null, null, null, null, null);
        SweepDefinition flags = new SweepDefinition(null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, 7, null, null, null, null, null, null, null, null, null, null);
        SweepDefinition d = flags.overlay(file).resolve("test");
        assertThat(d.epochs()).isEqualTo(7);
        assertThat(d.learningRates()).containsExactly(0.5);
        assertThat(d.batchSizes()).isEqualTo(SweepDefinition.DEFAULTS.batchSizes());
        assertThat(d.fingerprint()).isNotEqualTo(file.overlay(flags).resolve("test").fingerprint());
    }

    @Test
    void badFieldsAreNamedWithTheFile() throws Exception {
        Path yaml = tmp.resolve("bad.yaml");
        Files.writeString(yaml, "samplings: [sometimes]\n");
        assertThatThrownBy(() -> SweepDefinition.read(yaml).resolve(yaml.toString()))
                .hasMessageContaining("bad.yaml").hasMessageContaining("samplings").hasMessageContaining("'with' or 'without'");
        Path unknown = tmp.resolve("unknown.json");
        Files.writeString(unknown, "{\"learningRate\": 0.1}");
        assertThatThrownBy(() -> SweepDefinition.read(unknown)).hasMessageContaining("unknown.json")
                .hasMessageContaining("learningRate");
        Path model = tmp.resolve("model.yaml");
        Files.writeString(model, "models: [resnet-9000]\n");
        assertThatThrownBy(() -> SweepDefinition.read(model).resolve(model.toString())).hasMessageContaining("model.yaml")
                .hasMessageContaining("field models").hasMessageContaining("resnet-9000");
    }

    @Test
    void widthScaledModelsBecomeRequests() {
        SweepDefinition d = new SweepDefinition(List.of("small-fc@0.5"), null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null, 2.0, null, null, null, null, null)
                .resolve("test");
        var r = d.request(new TrialPoint("small-fc@0.5", 0.1, 32, "with", 3));
        assertThat(r.model()).isEqualTo("small-fc");
        assertThat(r.widthScale()).isEqualTo(1.0);
        assertThat(r.learningRate()).isEqualTo(0.1);
        assertThat(r.batchSize()).isEqualTo(32);
        assertThat(r.withReplacement()).isTrue();
        assertThat(r.seed()).isEqualTo(3);
    }

    @Test
    void valueListsParse() {
        assertThat(ValueLists.seeds("--seeds", "1-3,7")).containsExactly(1L, 2L, 3L, 7L);
        assertThat(ValueLists.list("--lr", "0.01, 0.1", Double::parseDouble)).containsExactly(0.01, 0.1);
        assertThat(ValueLists.range("--lr", "0.001:1", Double::parseDouble)).containsExactly(0.001, 1.0);
        assertThatThrownBy(() -> ValueLists.list("--batch", "16,x", Integer::parseInt)).hasMessageContaining("--batch");
        assertThatThrownBy(() -> ValueLists.seeds("--seeds", "3-1")).hasMessageContaining("--seeds");
    }
}
