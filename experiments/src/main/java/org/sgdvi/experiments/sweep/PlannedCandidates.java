package org.sgdvi.experiments.sweep;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import org.deeplearning4j.arbiter.optimize.api.Candidate;
import org.deeplearning4j.arbiter.optimize.api.CandidateGenerator;
import org.deeplearning4j.arbiter.optimize.api.OptimizationResult;
import org.deeplearning4j.arbiter.optimize.api.ParameterSpace;

/**
 * An Arbiter candidate generator that serves a fixed list of trials: the ones of this shard that are
 * not finished yet, taken from the plan that Arbiter's grid or random generator produced
 * ({@link SweepPlan}). Sharding and resume are a filter on Arbiter's candidate stream; this class is
 * that filter's output. Candidate indices are the trials' plan indices.
 */
final class PlannedCandidates implements CandidateGenerator {

    private final ParameterSpace<TrialPoint> space;
    private final Queue<Candidate<TrialPoint>> queue = new ArrayDeque<>();

    PlannedCandidates(ParameterSpace<TrialPoint> space, List<LedgerEntry> trials) {
        this.space = space;
        for (LedgerEntry e : trials) {
            queue.add(new Candidate<>(e.point(), e.index(), new double[0]));
        }
    }

    @Override
    public synchronized boolean hasMoreCandidates() {
        return !queue.isEmpty();
    }

    @Override
    public synchronized Candidate getCandidate() {
        return queue.remove();
    }

    @Override
    public void reportResults(OptimizationResult result) {
        // the ledger records results; nothing to adapt in a planned sweep
    }

    @Override
    public ParameterSpace<?> getParameterSpace() {
        return space;
    }

    @Override
    public void setRngSeed(long rngSeed) {
        // the plan is already drawn
    }

    @Override
    public Class<?> getCandidateType() {
        return TrialPoint.class;
    }
}
