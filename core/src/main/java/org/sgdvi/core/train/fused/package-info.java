/**
 * An exact, allocation-free engine for the fully connected zoo networks (tiny-fc, small-fc:
 * dense, BatchNorm, ReLU, dense, softmax cross-entropy), used where DL4J's per-call overhead
 * dominates: the trajectory experiment of the paper's Fig. 3 runs 10^5 epochs of tiny-fc.
 *
 * <p>{@link org.sgdvi.core.train.fused.DenseBnReluSoftmax} recognises such a network and moves
 * its trainable weights (in {@link org.sgdvi.core.models.TrainableLayout} order), BatchNorm
 * running statistics and momentum buffers between DL4J and flat float arrays;
 * {@link org.sgdvi.core.train.fused.DenseBnKernel} does the arithmetic: the training step with
 * BatchNorm in training mode and heavy-ball momentum (the same float32 operations as DL4J's
 * {@code fit} with {@link org.sgdvi.core.train.PlainMomentum}), and the inference-mode full
 * gradient grad f(x) = (1/N) sum_k grad f_k(x) (BatchNorm running
 * statistics; the grad f of the paper's eq. (2));
 * {@link org.sgdvi.core.train.fused.FusedEpochFitter} plugs the training step into the
 * {@link org.sgdvi.core.train.Trainer}. Equivalence with DL4J's {@code fit} is tested.
 */
package org.sgdvi.core.train.fused;
