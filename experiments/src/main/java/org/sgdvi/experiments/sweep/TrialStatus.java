package org.sgdvi.experiments.sweep;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Where a trial stands. A rerun of the sweep skips {@link #DONE} and {@link #DIVERGED} trials and runs
 * {@link #PENDING}, {@link #FAILED} and {@link #RUNNING} ones (a trial found "running" was interrupted;
 * it resumes from its last checkpoint).
 */
public enum TrialStatus {
    @JsonProperty("pending") PENDING,
    @JsonProperty("running") RUNNING,
    @JsonProperty("done") DONE,
    @JsonProperty("failed") FAILED,
    @JsonProperty("diverged") DIVERGED;

    /** Whether the trial has a final answer (done or diverged) and is not run again. */
    public boolean isFinal() {
        return this == DONE || this == DIVERGED;
    }

    /** Precedence when two ledgers disagree about one trial: done > diverged > running > failed > pending. */
    public int rank() {
        return switch (this) {
            case DONE -> 4;
            case DIVERGED -> 3;
            case RUNNING -> 2;
            case FAILED -> 1;
            case PENDING -> 0;
        };
    }
}
