package org.sgdvi.experiments.report;

/**
 * One of the paper's qualitative claims checked against a run's numbers: the claim (with its place
 * in arXiv 1710.11029), whether the numbers support it under the stated threshold, and the sentence
 * that says what was measured. A finding is made only from numbers that passed their self-checks.
 *
 * @param claim    the paper's claim, e.g. "Remark 13: the spectrum of D barely changes during training"
 * @param holds    whether the run's numbers support it
 * @param evidence the numbers behind the verdict and the threshold applied, in one or two sentences
 */
public record Finding(String claim, boolean holds, String evidence) {

    /** "Confirmed" or "Not confirmed", as the report prints it. */
    public String verdict() {
        return holds ? "Confirmed" : "Not confirmed";
    }

    /** The evidence as a sentence (capitalized). */
    public String evidenceSentence() {
        return evidence.isEmpty() ? evidence : Character.toUpperCase(evidence.charAt(0)) + evidence.substring(1);
    }

    /** The whole finding as it is printed: verdict, claim, evidence. */
    public String sentence() {
        return verdict() + ": " + claim + ". " + evidenceSentence();
    }
}
