package io.jdht.daemon.http;

import io.jdht.daemon.config.GoDuration;
import java.time.Duration;
import java.util.Locale;

/**
 * The types an option's value can have. Each parses the text of one query parameter the way
 * go-ipfs-cmds does, and names itself in errors as Go does ({@code bool}, {@code int}, …).
 */
public enum OptionType {
    /** {@code true}/{@code false} (also {@code 1}, {@code t}, {@code 0}, {@code f}, any case); a bare {@code name} or {@code name=} is true. */
    BOOL("bool"),
    /** A signed 64-bit integer, decimal or with a {@code 0x}/{@code 0} prefix as Go's base 0 allows. */
    INT("int"),
    /** An unsigned integer up to 2^63-1. */
    UINT("uint"),
    /** Any text. */
    STRING("string"),
    /** Any text; the option may be repeated and keeps every value. */
    STRINGS("array"),
    /** Go duration syntax ({@link GoDuration}). */
    DURATION("duration");

    private final String goName;

    OptionType(String goName) {
        this.goName = goName;
    }

    /** The type's name in error messages. */
    public String goName() {
        return goName;
    }

    /** Whether the option keeps all of its values instead of one. */
    public boolean repeatable() {
        return this == STRINGS;
    }

    /**
     * Parses one value: a {@code Boolean}, {@code Long}, {@code String} or {@link Duration}.
     *
     * @throws IllegalArgumentException when the text is not of this type
     */
    Object parse(String text) {
        return switch (this) {
            case BOOL -> parseBool(text);
            case INT -> parseLong(text);
            case UINT -> {
                long v = parseLong(text);
                if (v < 0) {
                    throw new IllegalArgumentException("negative");
                }
                yield v;
            }
            case STRING, STRINGS -> text;
            case DURATION -> GoDuration.parse(text);
        };
    }

    private static Boolean parseBool(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "", "1", "t", "true" -> Boolean.TRUE;
            case "0", "f", "false" -> Boolean.FALSE;
            default -> throw new IllegalArgumentException("not a bool");
        };
    }

    private static long parseLong(String text) {
        if (text.isEmpty() || text.length() > 40 || text.contains("#")) {
            throw new IllegalArgumentException("not an integer");
        }
        return Long.decode(text); // NumberFormatException is an IllegalArgumentException
    }
}
