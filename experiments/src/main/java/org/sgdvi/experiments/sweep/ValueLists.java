package org.sgdvi.experiments.sweep;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The list syntax of sweep flags: {@code 0.01,0.1} (values), {@code 0.001:1} (a range for random
 * search, lo:hi) and, for seeds, {@code 1-3,7} (inclusive integer ranges).
 */
public final class ValueLists {

    private ValueLists() {
    }

    /** Whether a flag value is a range {@code lo:hi}. */
    public static boolean isRange(String spec) {
        return spec.contains(":");
    }

    /** Comma-separated values. */
    public static <T> List<T> list(String flag, String spec, Function<String, T> parse) {
        List<T> out = new ArrayList<>();
        for (String s : spec.split(",")) {
            String t = s.trim();
            if (t.isEmpty()) {
                continue;
            }
            try {
                out.add(parse.apply(t));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(flag + " '" + spec + "': cannot read '" + t + "'; expected a "
                        + "comma-separated list such as 0.01,0.1", e);
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(flag + " '" + spec + "': expected at least one value");
        }
        return out;
    }

    /** A range {@code lo:hi} as a two-element list. */
    public static <T> List<T> range(String flag, String spec, Function<String, T> parse) {
        String[] f = spec.split(":");
        try {
            if (f.length == 2) {
                return List.of(parse.apply(f[0].trim()), parse.apply(f[1].trim()));
            }
        } catch (RuntimeException e) {
            // fall through
        }
        throw new IllegalArgumentException(flag + " '" + spec + "': expected a range lo:hi such as 0.001:1");
    }

    /** Seeds: {@code 1,2,5} or inclusive ranges {@code 1-3}. */
    public static List<Long> seeds(String flag, String spec) {
        List<Long> out = new ArrayList<>();
        for (String s : spec.split(",")) {
            String t = s.trim();
            if (t.isEmpty()) {
                continue;
            }
            try {
                int dash = t.indexOf('-', 1);
                if (dash > 0) {
                    long a = Long.parseLong(t.substring(0, dash).trim());
                    long b = Long.parseLong(t.substring(dash + 1).trim());
                    if (b < a || b - a > 100_000) {
                        throw new IllegalArgumentException("bad range");
                    }
                    for (long v = a; v <= b; v++) {
                        out.add(v);
                    }
                } else {
                    out.add(Long.parseLong(t));
                }
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(flag + " '" + spec + "': cannot read '" + t
                        + "'; expected seeds such as 1,2 or 1-4", e);
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(flag + " '" + spec + "': expected at least one seed");
        }
        return out;
    }
}
