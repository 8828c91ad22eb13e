/**
 * The fused trainer for the fully connected zoo networks (tiny-fc, small-fc: dense, BatchNorm,
 * ReLU, dense, softmax cross-entropy), used where DL4J's per-call overhead dominates: the
 * trajectory experiment of the paper's Fig. 3 runs 10^5 epochs of tiny-fc.
 *
 * <p>{@link org.sgdvi.core.train.fused.FusedEpochFitter} plugs the training step of
 * {@link org.sgdvi.core.gradients.DenseBnKernel} (BatchNorm in training mode and heavy-ball
 * momentum, the same float32 operations as DL4J's {@code fit} with
 * {@link org.sgdvi.core.train.PlainMomentum}) into the {@link org.sgdvi.core.train.Trainer};
 * {@link org.sgdvi.core.gradients.DenseBnReluSoftmax} recognises the network and moves its state
 * between DL4J and flat float arrays. The kernel and the architecture live beside the per-example
 * engine in {@code org.sgdvi.core.gradients}, whose inference-mode full gradient they also compute.
 * Equivalence with DL4J's {@code fit} is tested.
 */
package org.sgdvi.core.train.fused;
