package org.sgdvi.experiments.sweep;

/**
 * Slice {@code index} of {@code count} of a sweep: trial number k of the plan (0-based, in plan order)
 * belongs to shard {@code k mod count}. The slices are disjoint, their union is the whole plan, and
 * their sizes differ by at most one. {@code index} is 0-based, as a Kubernetes Indexed Job's
 * {@code JOB_COMPLETION_INDEX} or a Slurm array's {@code SLURM_ARRAY_TASK_ID} with {@code --array=0-(n-1)}.
 *
 * @param index 0 <= index < count
 * @param count number of shards, at least 1
 */
public record Shard(int index, int count) {

    /** The whole sweep. */
    public static final Shard ALL = new Shard(0, 1);

    public Shard {
        if (count < 1 || index < 0 || index >= count) {
            throw new IllegalArgumentException("--shard " + index + "/" + count + ": expected i/n with 0 <= i < n");
        }
    }

    /** Parses {@code "i/n"}. */
    public static Shard parse(String spec) {
        String[] f = spec.trim().split("/");
        try {
            if (f.length == 2) {
                return new Shard(Integer.parseInt(f[0].trim()), Integer.parseInt(f[1].trim()));
            }
        } catch (NumberFormatException e) {
            // fall through to the message below
        }
        throw new IllegalArgumentException("--shard '" + spec + "': expected i/n with 0 <= i < n (e.g. 0/4)");
    }

    /** Whether plan index {@code k} belongs to this shard. */
    public boolean contains(int k) {
        return k % count == index;
    }

    /**
     * The lock file of this shard in the sweep folder ({@code .<ledger>.lock}): one process at a time
     * runs a shard, while the shards of one sweep may share a folder.
     */
    public String lockFileName() {
        return "." + ledgerFileName() + ".lock";
    }

    /** The ledger file of this shard: {@code ledger.json} for the whole sweep, else {@code ledger-shard-I-of-N.json}. */
    public String ledgerFileName() {
        return count == 1 ? "ledger.json" : "ledger-shard-" + index + "-of-" + count + ".json";
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
