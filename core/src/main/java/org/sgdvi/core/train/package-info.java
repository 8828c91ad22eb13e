/**
 * Training the paper's networks with mini-batch SGD (its update rule and experimental setup):
 * learning-rate schedules, plain (heavy-ball) momentum as the authors' released code uses it, a resumable
 * epoch-by-epoch trainer with per-epoch inference-mode metrics and atomic checkpoints.
 */
package org.sgdvi.core.train;
