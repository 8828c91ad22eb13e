package org.sgdvi.experiments.sweep;

import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.deeplearning4j.arbiter.optimize.api.Candidate;
import org.deeplearning4j.arbiter.optimize.api.OptimizationResult;
import org.deeplearning4j.arbiter.optimize.api.TaskCreator;
import org.deeplearning4j.arbiter.optimize.api.data.DataProvider;
import org.deeplearning4j.arbiter.optimize.api.data.DataSource;
import org.deeplearning4j.arbiter.optimize.api.score.ScoreFunction;
import org.deeplearning4j.arbiter.optimize.runner.CandidateInfo;
import org.deeplearning4j.arbiter.optimize.runner.CandidateStatus;
import org.deeplearning4j.arbiter.optimize.runner.IOptimizationRunner;
import org.deeplearning4j.arbiter.optimize.runner.listener.StatusListener;

/**
 * Arbiter's task for one candidate: run the trial through {@link TrialExecutor} and report it as
 * Complete (done or diverged; score = validation error of the last finite epoch) or Failed. The
 * task itself never throws, so one bad trial never stops the sweep.
 */
final class TrialTaskCreator implements TaskCreator {

    private final TrialExecutor executor;

    TrialTaskCreator(TrialExecutor executor) {
        this.executor = executor;
    }

    @Override
    public Callable<OptimizationResult> create(Candidate candidate, DataProvider dataProvider, ScoreFunction scoreFunction,
                                               List<StatusListener> statusListeners, IOptimizationRunner runner) {
        return () -> run(candidate, scoreFunction);
    }

    @Override
    public Callable<OptimizationResult> create(Candidate candidate, Class<? extends DataSource> dataSource,
                                               Properties dataSourceProperties, ScoreFunction scoreFunction,
                                               List<StatusListener> statusListeners, IOptimizationRunner runner) {
        return () -> run(candidate, scoreFunction);
    }

    private OptimizationResult run(Candidate candidate, ScoreFunction scoreFunction) {
        long start = System.currentTimeMillis();
        LedgerEntry e = executor.run((TrialPoint) candidate.getValue());
        double s = scoreFunction.score(e, (DataProvider) null, null);
        Double score = Double.isFinite(s) ? s : null;
        CandidateStatus status = e.status() == TrialStatus.FAILED ? CandidateStatus.Failed : CandidateStatus.Complete;
        CandidateInfo info = new CandidateInfo(candidate.getIndex(), status, score, start, start,
                System.currentTimeMillis(), candidate.getFlatParameters(), e.error());
        return new OptimizationResult(candidate, score, candidate.getIndex(), e, info, null);
    }
}
