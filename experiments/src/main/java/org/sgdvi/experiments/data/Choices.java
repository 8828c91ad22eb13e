package org.sgdvi.experiments.data;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import picocli.CommandLine;

/**
 * Options whose values are one of a few names ({@code --dtype}, {@code --sampling},
 * {@code --d-sampling}, {@code --solver}): each name has one spelling, matched case-insensitively,
 * and a value outside the set is refused with the accepted names.
 */
public final class Choices {

    private Choices() {
    }

    /** An enum constant with the name the command line uses for it. */
    public interface Named {
        /** The accepted spelling: the constant's name in lower case, '-' for '_' ({@code MATRIX_FREE}: matrix-free). */
        default String cliName() {
            return ((Enum<?>) this).name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** The accepted names of {@code type}, comma-separated, in declaration order. */
    public static <E extends Enum<E> & Named> String names(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(Named::cliName).collect(Collectors.joining(", "));
    }

    /**
     * The constant named {@code text} (trimmed, any case).
     *
     * @param what the option or field, for the message (e.g. "--dtype")
     * @throws IllegalArgumentException naming {@code what} and the accepted names
     */
    public static <E extends Enum<E> & Named> E parse(Class<E> type, String what, String text) {
        E e = find(type, text);
        if (e == null) {
            throw new IllegalArgumentException(what + " '" + text + "': expected one of " + names(type));
        }
        return e;
    }

    private static <E extends Enum<E> & Named> E find(Class<E> type, String text) {
        String n = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        for (E e : type.getEnumConstants()) {
            if (e.cliName().equals(n)) {
                return e;
            }
        }
        return null;
    }

    /**
     * A picocli converter for an enum of {@link Named} constants; picocli prefixes its message with
     * the option, which makes the usage error (exit 2) read
     * {@code Invalid value for option '--dtype': 'half': expected one of float, double}.
     */
    public abstract static class Converter<E extends Enum<E> & Named> implements CommandLine.ITypeConverter<E> {
        private final Class<E> type;

        /** A converter to {@code type}. */
        protected Converter(Class<E> type) {
            this.type = type;
        }

        @Override
        public E convert(String value) {
            E e = find(type, value);
            if (e == null) {
                throw new CommandLine.TypeConversionException("'" + value + "': expected one of " + names(type));
            }
            return e;
        }
    }
}
