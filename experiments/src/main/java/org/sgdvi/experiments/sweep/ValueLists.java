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

    /**
     * The items of a comma-separated list, trimmed.
     *
     * @throws IllegalArgumentException naming the flag and the item when an item is empty
     *                                  ({@code 0.1,} or {@code 0.1,,0.2})
     */
    public static List<String> items(String flag, String spec) {
        String[] parts = spec.split(",", -1);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < parts.length; i++) {
            String t = parts[i].trim();
            if (t.isEmpty()) {
                throw new IllegalArgumentException(flag + " '" + spec + "': item " + (i + 1) + " of " + parts.length
                        + " is empty; expected a comma-separated list without empty items, such as 0.01,0.1");
            }
            out.add(t);
        }
        return out;
    }

    /** Comma-separated values; an empty or unreadable item is a usage error naming the flag and the item. */
    public static <T> List<T> list(String flag, String spec, Function<String, T> parse) {
        List<T> out = new ArrayList<>();
        for (String t : items(flag, spec)) {
            try {
                out.add(parse.apply(t));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(flag + " '" + spec + "': cannot read '" + t + "'; expected a "
                        + "comma-separated list such as 0.01,0.1");
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
        for (String t : items(flag, spec)) {
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
                        + "'; expected seeds such as 1,2 or 1-4");
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(flag + " '" + spec + "': expected at least one seed");
        }
        return out;
    }
}
