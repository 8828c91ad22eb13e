package org.sgdvi.experiments.sweep;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.sgdvi.core.train.TrainResult;
import org.sgdvi.experiments.run.RunFolder;
import org.sgdvi.experiments.train.TrainRunner;

/**
 * Runs one trial of a sweep into its own run folder {@code <sweep>/trials/<id>/} through
 * {@link TrainRunner} (which resumes from the folder's checkpoint when an earlier attempt was
 * interrupted), logging to {@code trial.log} there, and records the outcome in the ledger: done
 * (with the final metrics), diverged (NaN or infinite loss; with the last finite metrics) or failed
 * (with the exception's message). It never throws for a trial that goes wrong, except for a
 * {@link VirtualMachineError}, which it records and rethrows.
 *
 * @param sweepDir   the sweep folder
 * @param definition the sweep
 * @param ledger     where outcomes are recorded
 * @param after      optional measurement after each successful trial (null for none)
 * @param log        where one line per finished trial goes
 */
public record TrialExecutor(Path sweepDir, SweepDefinition definition, SweepLedger ledger, AfterTrial after,
                            PrintStream log) {

    /** The sub-folder of a sweep holding one run folder per trial. */
    public static final String TRIALS = "trials";
    /** The per-trial log file. */
    public static final String LOG_FILE = "trial.log";

    /** Something measured after a finished (not diverged) trial, stored in its ledger entry. */
    @FunctionalInterface
    public interface AfterTrial {
        SpectrumProbe.TrialSpectrum measure(TrainRunner.Outcome outcome, RunFolder run);
    }

    /**
     * The {@code "sweep"} entry of a trial's config.json: which trial of which sweep it is.
     *
     * @param trial       the trial's id
     * @param fingerprint the sweep definition's fingerprint
     */
    public record TrialTag(String trial, String fingerprint) {
    }

    /** The run folder of a trial. */
    public static Path trialDir(Path sweepDir, String id) {
        return sweepDir.resolve(TRIALS).resolve(id);
    }

    /** Runs (or resumes) one trial and returns its final ledger entry. */
    public LedgerEntry run(TrialPoint p) {
        String id = p.id();
        ledger.update(id, e -> e.running(Instant.now().toString()));
        RunFolder run;
        try {
            run = RunFolder.create(trialDir(sweepDir, id));
        } catch (RuntimeException e) {
            return failed(id, e);
        }
        try (run; PrintStream trialLog = open(run.path(LOG_FILE))) {
            TrainRunner.Outcome o;
            try {
                o = new TrainRunner(run, trialLog).run(definition.request(p), "sweep", List.of(),
                        Map.of("sweep", new TrialTag(id, definition.fingerprint())));
            } catch (Throwable t) {
                t.printStackTrace(trialLog);
                return failed(id, t);
            }
            TrainResult r = o.result();
            SpectrumProbe.TrialSpectrum spectrum = null;
            String error = null;
            TrialStatus status = r.diverged() ? TrialStatus.DIVERGED : TrialStatus.DONE;
            if (!r.diverged() && after != null) {
                try {
                    spectrum = after.measure(o, run);
                } catch (Throwable t) {
                    t.printStackTrace(trialLog);
                    if (t instanceof VirtualMachineError) {
                        failed(id, t);
                    }
                    status = TrialStatus.FAILED;
                    error = "after training: " + message(t);
                }
            }
            SpectrumProbe.TrialSpectrum spec = spectrum;
            TrialStatus st = status;
            String err = error;
            LedgerEntry done = ledger.update(id, e -> e.finished(st, Instant.now().toString(), r.epochsDone(),
                    r.finalMetrics(), o.data().train().size(), r.wallSeconds(), err, spec));
            log.println(line(done));
            return done;
        }
    }

    private LedgerEntry failed(String id, Throwable t) {
        LedgerEntry e = ledger.update(id, x -> x.finished(TrialStatus.FAILED, Instant.now().toString(), x.epochs(),
                x.metrics(), x.trainExamples(), x.wallSeconds(), message(t), x.spectrum()));
        log.println(line(e));
        if (t instanceof VirtualMachineError vme) {
            throw vme;
        }
        return e;
    }

    static String line(LedgerEntry e) {
        String m = e.metrics() == null ? "no finished epoch"
                : String.format("%d epochs, validation error %.2f%%", e.epochs(), 100 * e.validationError());
        return String.format("trial %s: %s (%s)%s", e.id(), e.status().name().toLowerCase(java.util.Locale.ROOT), m,
                e.error() == null ? "" : ": " + e.error());
    }

    private static String message(Throwable t) {
        String m = t.getMessage();
        return t.getClass().getSimpleName() + (m == null ? "" : ": " + m.replace('\n', ' '));
    }

    private static PrintStream open(Path file) {
        try {
            OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            return new PrintStream(out, true, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot open trial log " + file + ": " + e.getMessage(), e);
        }
    }
}
