package org.sgdvi.core.spectrum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.ViewIterator;
import org.sgdvi.core.diffusion.DiffusionListener;
import org.sgdvi.core.diffusion.EngineChunkSource;
import org.sgdvi.core.diffusion.Sampling;
import org.sgdvi.core.diffusion.TinyNetworks;
import org.sgdvi.core.gradients.InferenceGradientEngine;

/**
 * The passes a result reports against the passes its chunk source actually made (each one computes
 * every per-example gradient with the engine): one for the dense route, one for the Gram route when
 * the source states N and two when only a pass can tell N; for the matrix-free route one to find gbar, the
 * Lanczos passes and one for the explicit check. The one-pass routes give exactly the numbers of
 * the two-pass ones.
 */
class SpectrumPassesTest {

    /** N = 35 examples in chunks of 10 (the last one short), d = 43, so the automatic choice is the Gram route. */
    private static final int N = 35;

    private static EngineChunkSource source(boolean statesN) {
        MultiLayerNetwork net = TinyNetworks.plainMlp(3);
        DataSet data = TinyNetworks.data(N, 7);
        return new EngineChunkSource(new InferenceGradientEngine(net), new ViewIterator(data, 10), statesN ? N : -1);
    }

    private static SpectrumResult solve(EngineChunkSource source, SolverKind kind) {
        SpectrumInput input = SpectrumInput.streaming(source, Sampling.WITH_REPLACEMENT, DataType.DOUBLE);
        return SolverChooser.forInput(input, kind, 1, line -> { }).solve(input);
    }

    @ParameterizedTest
    @EnumSource(SolverKind.class)
    void everyRouteReportsThePassesItsSourceMade(SolverKind kind) {
        EngineChunkSource stated = source(true);
        SpectrumResult one = solve(stated, kind);
        assertThat(one.passes()).isEqualTo(stated.passes());
        EngineChunkSource unstated = source(false);
        SpectrumResult two = solve(unstated, kind);
        assertThat(two.passes()).isEqualTo(unstated.passes());
        if (kind == SolverKind.MATRIX_FREE) {
            // gbar, at least one Lanczos pass, the explicit check, whether or not N was stated
            assertThat(one.passes()).isGreaterThanOrEqualTo(3).isEqualTo(two.passes());
        } else if (kind == SolverKind.GRAM) {
            assertThat(one.passes()).isEqualTo(1);
            assertThat(two.passes()).as("the N x d buffer needs N: a pass of its own first").isEqualTo(2);
        } else {
            assertThat(one.passes()).isEqualTo(1);
            assertThat(two.passes()).as("the accumulation finds N as it goes").isEqualTo(1);
        }
        assertThat(one.eigenvalues()).isEqualTo(two.eigenvalues());
        assertThat(one.trace()).isEqualTo(two.trace());
    }

    @Test
    void theAutomaticChoiceNeedsNoPassOfItsOwnWhenTheSourceStatesN() {
        EngineChunkSource stated = source(true);
        SpectrumResult r = solve(stated, null);
        assertThat(r.solver()).isEqualTo(GramSolver.NAME);
        assertThat(r.passes()).isEqualTo(1).isEqualTo(stated.passes());
        // without N the choice itself costs a pass (N < d decides for the Gram route)
        EngineChunkSource unstated = source(false);
        assertThat(solve(unstated, null).passes()).isEqualTo(2).isEqualTo(unstated.passes());
    }

    @Test
    void aSecondSolveOfTheSameInputIsChargedOnlyItsOwnPasses() {
        EngineChunkSource s = source(false);
        SpectrumInput input = SpectrumInput.streaming(s, Sampling.WITH_REPLACEMENT, DataType.DOUBLE);
        SpectrumResult first = new GramSolver().solve(input);
        SpectrumResult second = new GramSolver().solve(input);
        assertThat(first.passes() + second.passes()).isEqualTo(s.passes()).isEqualTo(3);
        assertThat(second.passes()).isEqualTo(1);
        assertThat(second.eigenvalues()).isEqualTo(first.eigenvalues());
    }

    @Test
    void aSnapshotOfTheSpectrumPipelineMakesOnePassOnTheDenseRoute() {
        MultiLayerNetwork net = TinyNetworks.plainMlp(3);
        SnapshotSpectra spectra = new SnapshotSpectra(DataType.DOUBLE, Sampling.WITH_REPLACEMENT, "dense", 1, 10);
        List<Integer> made = new ArrayList<>();
        DiffusionListener listener = DiffusionListener.builder(InferenceGradientEngine::new)
                .examples(TinyNetworks.data(N, 7), 10).everyIterations(1).onSnapshot(snapshot -> {
                    spectra.accept(snapshot);
                    made.add(((EngineChunkSource) snapshot.gradients()).passes());
                }).build();
        listener.iterationDone(net, 0, 0);
        assertThat(made).containsExactly(1);
        assertThat(spectra.entries()).hasSize(1);
        assertThat(spectra.entries().get(0).result().passes()).isEqualTo(1);
        assertThat(spectra.entries().get(0).exampleCount()).isEqualTo(N);
    }

    @Test
    void aSourceThatStatesAWrongNIsRefused() {
        MultiLayerNetwork net = TinyNetworks.plainMlp(3);
        EngineChunkSource wrong = new EngineChunkSource(new InferenceGradientEngine(net),
                new ViewIterator(TinyNetworks.data(N, 7), 10), N + 1);
        assertThatThrownBy(() -> solve(wrong, SolverKind.DENSE)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("expected N = " + (N + 1));
    }
}
