package org.sgdvi.experiments.sweep;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.arbiter.optimize.api.Candidate;
import org.deeplearning4j.arbiter.optimize.api.CandidateGenerator;
import org.deeplearning4j.arbiter.optimize.generator.GridSearchCandidateGenerator;
import org.deeplearning4j.arbiter.optimize.generator.RandomSearchGenerator;

/**
 * The ordered list of every trial of a sweep, drawn from Arbiter's candidate generators over a
 * {@link TrialSpace}: {@link GridSearchCandidateGenerator} in sequential order for a grid,
 * {@link RandomSearchGenerator} seeded with {@code searchSeed} for random search (duplicate draws
 * dropped, each drawn point replicated over every seed). The order, and with it every trial's plan
 * index and shard, depends only on the definition.
 *
 * @param trials the trials in plan order; ids are unique
 */
public record SweepPlan(List<TrialPoint> trials) {

    public SweepPlan {
        trials = List.copyOf(trials);
    }

    /** The plan of a (resolved) definition. */
    public static SweepPlan of(SweepDefinition d) {
        Map<String, TrialPoint> byId = new LinkedHashMap<>();
        if (d.isRandom()) {
            RandomSearchGenerator g = new RandomSearchGenerator(TrialSpace.random(d, d.seeds().get(0)), null);
            g.setRngSeed(d.searchSeed());
            Map<String, TrialPoint> drawn = new LinkedHashMap<>();
            for (int i = 0; i < d.trials(); i++) {
                TrialPoint p = value(g);
                drawn.putIfAbsent(p.id(), p);
            }
            for (TrialPoint p : drawn.values()) {
                for (long s : d.seeds()) {
                    TrialPoint q = new TrialPoint(p.model(), p.learningRate(), p.batchSize(), p.sampling(), s);
                    byId.putIfAbsent(q.id(), q);
                }
            }
        } else {
            GridSearchCandidateGenerator g = new GridSearchCandidateGenerator(TrialSpace.grid(d), 1,
                    GridSearchCandidateGenerator.Mode.Sequential, null);
            while (g.hasMoreCandidates()) {
                TrialPoint p = value(g);
                byId.putIfAbsent(p.id(), p);
            }
        }
        return new SweepPlan(new ArrayList<>(byId.values()));
    }

    private static TrialPoint value(CandidateGenerator g) {
        Candidate<?> c = g.getCandidate();
        if (c.getException() != null) {
            throw new IllegalStateException("Arbiter could not generate candidate " + c.getIndex() + ": "
                    + c.getException().getMessage(), c.getException());
        }
        return (TrialPoint) c.getValue();
    }

    /** The number of trials. */
    public int size() {
        return trials.size();
    }

    /** The plan index of a trial id, or -1. */
    public int indexOf(String id) {
        for (int i = 0; i < trials.size(); i++) {
            if (trials.get(i).id().equals(id)) {
                return i;
            }
        }
        return -1;
    }

    /** The trials of one shard, in plan order. */
    public List<TrialPoint> shard(Shard s) {
        List<TrialPoint> out = new ArrayList<>();
        for (int k = 0; k < trials.size(); k++) {
            if (s.contains(k)) {
                out.add(trials.get(k));
            }
        }
        return out;
    }

    /** SHA-256 over the ids in plan order: equal digests mean equal plans. */
    public String digest() {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (TrialPoint p : trials) {
                md.update((p.id() + "\n").getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
