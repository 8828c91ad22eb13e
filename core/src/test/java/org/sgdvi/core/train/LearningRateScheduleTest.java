package org.sgdvi.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.sgdvi.core.io.Json;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.schedule.ISchedule;

class LearningRateScheduleTest {

    private final ObjectMapper mapper = Json.mapper();

    @Test
    void stepAnnealsByGammaEveryKEpochsAndAgreesWithDl4j() {
        LearningRateSchedule s = LearningRateSchedule.step(0.1, 0.2, 3);
        assertThat(s.valueAt(0)).isEqualTo(0.1);
        assertThat(s.valueAt(2)).isEqualTo(0.1);
        assertThat(s.valueAt(3)).isEqualTo(0.1 * 0.2);
        assertThat(s.valueAt(9)).isEqualTo(0.1 * Math.pow(0.2, 3));
        ISchedule dl4j = s.toDl4j();
        for (int e = 0; e < 20; e++) {
            assertThat(dl4j.valueAt(1000 + e, e)).as("epoch %d", e).isEqualTo(s.valueAt(e));
        }
    }

    @Test
    void piecewiseHoldsEachValueUntilTheNextKeyAndAgreesWithDl4j() {
        LearningRateSchedule s = LearningRateSchedule.piecewise(Map.of(0, 0.1, 5, 0.01, 8, 1e-3));
        double[] expected = {0.1, 0.1, 0.1, 0.1, 0.1, 0.01, 0.01, 0.01, 1e-3, 1e-3, 1e-3};
        ISchedule dl4j = s.toDl4j();
        for (int e = 0; e < expected.length; e++) {
            assertThat(s.valueAt(e)).as("epoch %d", e).isEqualTo(expected[e]);
            assertThat(dl4j.valueAt(0, e)).isEqualTo(expected[e]);
        }
    }

    @Test
    void constantHasNoDl4jSchedule() {
        LearningRateSchedule s = LearningRateSchedule.constant(1e-3);
        assertThat(s.valueAt(12345)).isEqualTo(1e-3);
        assertThat(s.toDl4j()).isNull();
    }

    @Test
    void badValuesNameTheField() {
        assertThatThrownBy(() -> LearningRateSchedule.piecewise(Map.of(2, 0.1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("epoch 0");
        assertThatThrownBy(() -> LearningRateSchedule.step(0.1, 0.5, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("everyEpochs");
        assertThatThrownBy(() -> LearningRateSchedule.constant(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("learningRate");
        assertThatThrownBy(() -> new OptimizerSettings(LearningRateSchedule.constant(0.1), 1.2, false, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("momentum");
    }

    @Test
    void schedulesAndSettingsRoundTripThroughJson() throws Exception {
        for (LearningRateSchedule s : new LearningRateSchedule[] {LearningRateSchedule.constant(0.1),
                LearningRateSchedule.step(0.1, 0.1, 30), LearningRateSchedule.piecewise(Map.of(0, 0.1, 1000, 1e-3))}) {
            String json = mapper.writeValueAsString(s);
            assertThat(mapper.readValue(json, LearningRateSchedule.class)).as(json).isEqualTo(s);
        }
        TrainSettings t = new TrainSettings(7, 32, 9, OptimizerSettings.paperDefaults()
                .withLearningRate(LearningRateSchedule.piecewise(Map.of(0, 0.1, 3, 0.01))).withWeightDecay(1e-4),
                100, 2);
        assertThat(mapper.readValue(mapper.writeValueAsString(t), TrainSettings.class)).isEqualTo(t);
    }

    @Test
    void optimizerSettingsChooseTheUpdater() {
        assertThat(OptimizerSettings.sgd(0.1).toUpdater()).isEqualTo(new Sgd(0.1));
        assertThat(OptimizerSettings.paperDefaults().toUpdater()).isEqualTo(new PlainMomentum(0.1, 0.9));
        assertThat(OptimizerSettings.paperDefaults().withMomentum(0.9, true).toUpdater())
                .isEqualTo(new Nesterovs(0.1, 0.9));
        LearningRateSchedule step = LearningRateSchedule.step(0.1, 0.1, 10);
        assertThat(OptimizerSettings.paperDefaults().withLearningRate(step).toUpdater().getLearningRate(0, 25))
                .isEqualTo(step.valueAt(25));
    }

    @Test
    void epochSeedsDifferAcrossEpochsAndSeeds() {
        TrainSettings a = TrainSettings.of(3, 1, OptimizerSettings.paperDefaults());
        TrainSettings b = TrainSettings.of(3, 2, OptimizerSettings.paperDefaults());
        assertThat(a.epochSeed(0)).isNotEqualTo(a.epochSeed(1)).isNotEqualTo(b.epochSeed(0));
        assertThat(a.epochSeed(5)).isEqualTo(TrainSettings.of(9, 1, OptimizerSettings.sgd(1)).epochSeed(5));
    }
}
