/**
 * Exact per-example gradients in inference mode (the g_k of the paper's eq. (2), as measured for Figs. 1-2).
 *
 * <p>{@link org.sgdvi.core.gradients.InferenceGradientEngine} implements
 * {@link org.sgdvi.core.gradients.PerExampleGradients} for a DL4J MultiLayerNetwork: one batched
 * inference forward pass, then the per-example errors are propagated backwards through one small
 * rule per layer type (dense, convolution, pooling, BatchNorm with running statistics, dropout as
 * the identity, activation, global pooling, output and loss layers), each writing its per-example
 * weight gradients into the rows of the [M, d] result in
 * {@link org.sgdvi.core.models.TrainableLayout} order.
 *
 * <p>{@link org.sgdvi.core.gradients.FullGradient} is the loss f(x) and the full gradient
 * grad f(x) = (1/N) sum_k grad f_k(x) over a fixed example set (eq. (2)), with two
 * implementations: {@link org.sgdvi.core.gradients.EngineFullGradient}, the mean of the engine's
 * rows (every zoo network), and {@link org.sgdvi.core.gradients.FusedFullGradient}, the
 * allocation-free float32 kernel {@link org.sgdvi.core.gradients.DenseBnKernel} for the
 * dense-BatchNorm-ReLU-softmax networks ({@link org.sgdvi.core.gradients.DenseBnReluSoftmax}),
 * which also holds the fused trainer's training step.
 */
package org.sgdvi.core.gradients;
