package io.jdht.daemon.config;

import java.util.Locale;

/**
 * Sizes in bytes as Kubo writes them in its config ({@code Swarm.ResourceMgr.MaxMemory}: "4GB"):
 * a whole number, optionally followed by a unit, with or without a space. Decimal units
 * ({@code kB}/{@code KB}, {@code MB}, {@code GB}, {@code TB}; also the bare {@code k}, {@code m},
 * {@code g}, {@code t}) are powers of 1000, binary ones ({@code KiB}, {@code MiB}, {@code GiB},
 * {@code TiB}) powers of 1024; case does not matter; no unit or {@code B} means bytes.
 */
public final class ByteSize {
    /** Longer text than any sensible size: refused before any arithmetic. */
    private static final int MAX_LENGTH = 32;

    private ByteSize() {}

    /** Parses {@code text}; throws {@link IllegalArgumentException} saying what is wrong with it. */
    public static long parse(String text) {
        String t = text.strip();
        if (t.isEmpty() || t.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("'" + text + "' is not a size; write e.g. 512MiB or 2GB");
        }
        int digits = 0;
        while (digits < t.length() && Character.isDigit(t.charAt(digits))) {
            digits++;
        }
        if (digits == 0) {
            throw new IllegalArgumentException("'" + text + "' is not a size; it must start with a whole number");
        }
        long multiplier = multiplier(t.substring(digits).strip().toLowerCase(Locale.ROOT), text);
        try {
            return Math.multiplyExact(Long.parseLong(t.substring(0, digits)), multiplier);
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is too large a size");
        }
    }

    private static long multiplier(String unit, String text) {
        return switch (unit) {
            case "", "b" -> 1L;
            case "k", "kb" -> 1_000L;
            case "m", "mb" -> 1_000_000L;
            case "g", "gb" -> 1_000_000_000L;
            case "t", "tb" -> 1_000_000_000_000L;
            case "kib" -> 1L << 10;
            case "mib" -> 1L << 20;
            case "gib" -> 1L << 30;
            case "tib" -> 1L << 40;
            default -> throw new IllegalArgumentException("'" + text + "': unknown unit '" + unit
                    + "'; use B, kB, MB, GB, TB, KiB, MiB, GiB or TiB");
        };
    }
}
