package org.sgdvi.core.dynamics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FokkerPlanckSolver2DTest {

    private static final Grid2D GRID = new Grid2D(-3, 3, 30);

    @ParameterizedTest
    @ValueSource(doubles = {0.0, 0.5, 1.5})
    void freeEnergyDecreasesMonotonicallyToZeroAndMassIsConserved(double lambda) {
        DoubleWell w = new DoubleWell(lambda);
        FokkerPlanckSolver2D solver = new FokkerPlanckSolver2D(w, GRID);
        double[] exact = new DoubleWellDensity(w).cellProbabilities(GRID);
        FokkerPlanckTrace trace = solver.evolve(solver.gaussianMasses(1.5, 1.0, 0.3), 10.0, 1, exact);
        double[] f = trace.freeEnergy();
        // Theorem 5 for the discrete chain: every single step, up to rounding of the KL sum
        assertThat(trace.monotone(1e-14)).isTrue();
        assertThat(f[0]).isGreaterThan(1.0);
        assertThat(f[f.length - 1]).isLessThan(1e-6 * f[0]);
        assertThat(trace.massError()).isLessThan(1e-12);
        assertThat(trace.minMass()).isGreaterThanOrEqualTo(0.0);
        // against the exact density the free energy levels off at the discretization floor
        double[] fe = trace.freeEnergyExact();
        assertThat(fe[fe.length - 1]).isCloseTo(trace.discretizationFloor(), within(1e-6));
        assertThat(trace.discretizationFloor()).isBetween(1e-7, 1e-4);
    }

    @Test
    void gibbsMassesAreAFixedPointOfTheScheme() {
        FokkerPlanckSolver2D solver = new FokkerPlanckSolver2D(new DoubleWell(1.5), GRID);
        double[] pi = solver.stationaryMasses();
        double[] next = solver.step(pi, solver.stableTimeStep());
        for (int a = 0; a < pi.length; a++) {
            assertThat(next[a]).isCloseTo(pi[a], within(1e-15));
        }
        assertThat(solver.boundaryStreamFunction()).isLessThan(1e-9);
    }

    @Test
    void rotationSpeedsUpConvergence() {
        // non-reversible drift accelerates relaxation: F(5) shrinks as lambda grows
        double[] at5 = new double[3];
        double[] lambdas = {0.0, 0.5, 1.5};
        for (int i = 0; i < 3; i++) {
            FokkerPlanckSolver2D solver = new FokkerPlanckSolver2D(new DoubleWell(lambdas[i]), GRID);
            FokkerPlanckTrace t = solver.evolve(solver.gaussianMasses(1.5, 1.0, 0.3), 5.0, 1000000, null);
            at5[i] = t.freeEnergy()[t.freeEnergy().length - 1];
        }
        assertThat(at5[1]).isLessThan(at5[0]);
        assertThat(at5[2]).isLessThan(at5[1]);
    }

    @Test
    void transientDensityAgreesWithTheParticleSampler() {
        // a second algorithm: EM particles from the same Gaussian, compared at t = 1 on the solver's grid
        Grid2D grid = new Grid2D(-3, 3, 24);
        double t = 1.0;
        DoubleWell w = new DoubleWell(1.5);
        FokkerPlanckSolver2D solver = new FokkerPlanckSolver2D(w, grid);
        double[] fp = solver.evolve(solver.gaussianMasses(1.5, 1.0, 0.3), t, 1000000, null).finalMasses();
        int n = 40000;
        SplittableRandom random = new SplittableRandom(21);
        double[] x1 = new double[n];
        double[] x2 = new double[n];
        for (int i = 0; i < n; i++) {
            x1[i] = 1.5 + 0.3 * random.nextGaussian();
            x2[i] = 1.0 + 0.3 * random.nextGaussian();
        }
        ParticleEnsemble e = ParticleEnsemble.of(x1, x2);
        double dt = 0.005;
        new EulerMaruyamaSampler(w.gradFField(), 1.0, dt, 22, false).advance(e, (int) Math.round(t / dt));
        Histogram2D h = new Histogram2D(grid);
        h.add(e);
        // sampling floor plus the first-order scheme's error at h = 0.25 (measured about 0.015 with 1e5 particles)
        double threshold = 1.3 * Histogram2D.expectedSamplingTv(fp, n) + 0.025;
        assertThat(h.totalVariation(fp)).isLessThan(threshold);
        FokkerPlanckSolver2D still = new FokkerPlanckSolver2D(new DoubleWell(0.0), grid);
        double[] noRotation = still.evolve(still.gaussianMasses(1.5, 1.0, 0.3), t, 1000000, null).finalMasses();
        assertThat(h.totalVariation(noRotation)).isGreaterThan(threshold);
    }

    @Test
    void scharfetterGummelBernoulliFunction() {
        assertThat(FokkerPlanckSolver2D.bernoulli(0.0)).isEqualTo(1.0);
        assertThat(FokkerPlanckSolver2D.bernoulli(1.0)).isCloseTo(1.0 / (Math.E - 1.0), within(1e-15));
        // B(-z) = B(z) e^z: the detailed-balance identity the scheme relies on
        for (double z : new double[] {-30, -2.5, -1e-9, 1e-12, 0.3, 4, 50}) {
            assertThat(FokkerPlanckSolver2D.bernoulli(-z))
                    .isCloseTo(FokkerPlanckSolver2D.bernoulli(z) * Math.exp(z), within(1e-12 * Math.exp(Math.abs(z))));
        }
    }

    @Test
    void rejectsStepsThatBreakPositivity() {
        FokkerPlanckSolver2D solver = new FokkerPlanckSolver2D(new DoubleWell(0.5), GRID);
        double[] m = solver.stationaryMasses();
        assertThatThrownBy(() -> solver.step(m, 2.0 / solver.maxExitRate())).hasMessageContaining("positivity");
        assertThatThrownBy(() -> solver.step(new double[3], 1e-4)).hasMessageContaining("expected " + GRID.size());
    }

    @Test
    void betaTwoHasItsOwnGibbsStationaryState() {
        DoubleWell w = new DoubleWell(1.0, 2.0);
        FokkerPlanckSolver2D solver = new FokkerPlanckSolver2D(w, GRID);
        double[] exact = new DoubleWellDensity(w).cellProbabilities(GRID);
        FokkerPlanckTrace trace = solver.evolve(solver.gaussianMasses(-1.0, 1.0, 0.4), 15.0, 20, exact);
        assertThat(trace.monotone(1e-14)).isTrue();
        assertThat(FokkerPlanckSolver2D.totalVariation(trace.finalMasses(), exact)).isLessThan(0.01);
    }
}
