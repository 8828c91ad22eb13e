package org.sgdvi.experiments.report;

import java.util.Locale;

/**
 * One of the paper's claims checked against a run's numbers: the claim (with its place in arXiv 1710.11029), the
 * verdict under the stated threshold, what the run found where a verdict word alone would not say it, and the
 * sentence that says what was measured. A finding is made only from numbers that passed their self-checks; every
 * report states its findings through {@link HtmlReport#findings}.
 *
 * @param claim    the paper's claim, e.g. "Remark 13: the spectrum of D barely changes during training"
 * @param status   whether the run's numbers support it, contradict it, or cannot decide it
 * @param outcome  what the run found, in words ("they coincide, as in the paper"), or null when the verdict says it
 * @param evidence the numbers behind the verdict and the threshold applied, in one or two sentences
 */
public record Finding(String claim, Status status, String outcome, String evidence) {

    /** The verdict on a claim. */
    public enum Status {
        /** The numbers support the claim. */
        CONFIRMED,
        /** The numbers do not support it. */
        NOT_CONFIRMED,
        /** The statistic that would decide it is undefined or not resolved on this run. */
        UNDETERMINED;

        /** The verdict as the report prints it: "Confirmed", "Not confirmed", "Undetermined". */
        public String label() {
            String words = name().toLowerCase(Locale.ROOT).replace('_', ' ');
            return Character.toUpperCase(words.charAt(0)) + words.substring(1);
        }

        /** {@link #CONFIRMED} when {@code holds}, else {@link #NOT_CONFIRMED}. */
        public static Status of(boolean holds) {
            return holds ? CONFIRMED : NOT_CONFIRMED;
        }
    }

    /** A finding whose verdict says all: confirmed when {@code holds}, else not confirmed. */
    public Finding(String claim, boolean holds, String evidence) {
        this(claim, Status.of(holds), null, evidence);
    }

    /** Whether the numbers support the claim. */
    public boolean holds() {
        return status == Status.CONFIRMED;
    }

    /** "Confirmed", "Not confirmed" or "Undetermined", as the report prints it. */
    public String verdict() {
        return status.label();
    }

    /** The claim and, where given, what the run found: "claim" or "claim: outcome". */
    public String statement() {
        return outcome == null ? claim : claim + ": " + outcome;
    }

    /** The evidence as a sentence (capitalized). */
    public String evidenceSentence() {
        return evidence.isEmpty() ? evidence : Character.toUpperCase(evidence.charAt(0)) + evidence.substring(1);
    }

    /** The whole finding as it is printed: verdict, claim (and outcome), evidence. */
    public String sentence() {
        return verdict() + ": " + statement() + ". " + evidenceSentence();
    }
}
