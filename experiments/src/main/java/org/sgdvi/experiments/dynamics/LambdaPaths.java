package org.sgdvi.experiments.dynamics;

import java.util.List;

/**
 * Trajectories for the sample-path figure: noisy Euler-Maruyama paths and the noise-free RK4 flow
 * from the same start, each as {x1[], x2[]}.
 *
 * @param lambda      rotation strength
 * @param samplePaths noisy paths
 * @param flowPath    the deterministic path of x' = -grad f
 * @param duration    time covered
 */
public record LambdaPaths(double lambda, List<double[][]> samplePaths, double[][] flowPath, double duration) {
}
