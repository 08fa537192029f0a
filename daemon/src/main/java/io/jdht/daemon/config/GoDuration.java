package io.jdht.daemon.config;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * Go's duration syntax ({@code time.ParseDuration}), which Kubo's {@code timeout} option uses: an
 * optional sign, then one or more decimal numbers each followed by a unit ({@code ns}, {@code us}
 * or {@code µs}, {@code ms}, {@code s}, {@code m}, {@code h}), as in {@code 300ms}, {@code 1.5s},
 * {@code 1h30m}; a bare {@code 0} is allowed. The error messages are Go's, so a client sees the
 * same text from jdht as from Kubo. Where a negative duration makes no sense (the config),
 * the caller refuses it.
 */
public final class GoDuration {
    /** Longer text than any sensible duration: refused before any arithmetic. */
    private static final int MAX_LENGTH = 64;

    private GoDuration() {}

    /** Parses {@code text}; throws {@link IllegalArgumentException} with Go's message when it is malformed. */
    public static Duration parse(String text) {
        String quoted = "\"" + text + "\"";
        if (text.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("time: invalid duration (too long)");
        }
        int i = 0;
        boolean negative = false;
        if (i < text.length() && (text.charAt(i) == '-' || text.charAt(i) == '+')) {
            negative = text.charAt(i) == '-';
            i++;
        }
        if (text.substring(i).equals("0")) {
            return Duration.ZERO;
        }
        if (i == text.length()) {
            throw new IllegalArgumentException("time: invalid duration " + quoted);
        }
        // The sum stays a long while every number is whole (30s, 1h30m): BigDecimal is needed only for
        // fractions, and its class initialisation alone (tables of powers) cost a command tens of
        // milliseconds at start, where every dht command parses its --timeout.
        long whole = 0;
        BigDecimal nanos = null; // the sum, once a number has a fraction
        while (i < text.length()) { // each pass consumes at least one character
            int numberStart = i;
            while (i < text.length() && (Character.isDigit(text.charAt(i)) && text.charAt(i) < 128 || text.charAt(i) == '.')) {
                i++;
            }
            String number = text.substring(numberStart, i);
            if (number.isEmpty() || number.equals(".") || number.indexOf('.') != number.lastIndexOf('.')) {
                throw new IllegalArgumentException("time: invalid duration " + quoted);
            }
            int unitStart = i;
            while (i < text.length() && !(Character.isDigit(text.charAt(i)) || text.charAt(i) == '.')) {
                i++;
            }
            String unit = text.substring(unitStart, i);
            if (unit.isEmpty()) {
                throw new IllegalArgumentException("time: missing unit in duration " + quoted);
            }
            long perUnit = nanosPer(unit);
            if (perUnit == 0) {
                throw new IllegalArgumentException("time: unknown unit \"" + unit + "\" in duration " + quoted);
            }
            if (nanos == null && number.indexOf('.') < 0) {
                try {
                    whole = Math.addExact(whole, Math.multiplyExact(Long.parseLong(number), perUnit));
                } catch (ArithmeticException | NumberFormatException e) { // more than Long.MAX_VALUE ns
                    throw new IllegalArgumentException("time: invalid duration " + quoted);
                }
                continue;
            }
            if (nanos == null) {
                nanos = BigDecimal.valueOf(whole);
            }
            nanos = nanos.add(new BigDecimal(number.endsWith(".") ? number + "0" : number).multiply(BigDecimal.valueOf(perUnit)));
            if (nanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
                throw new IllegalArgumentException("time: invalid duration " + quoted);
            }
        }
        long total = nanos == null ? whole : nanos.longValue(); // Go truncates fractions of a nanosecond
        return Duration.ofNanos(negative ? -total : total);
    }

    /** The shortest Go form of a duration: {@code 22h0m0s} is written {@code 22h}, {@code 90s} as {@code 1m30s}. */
    public static String format(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        StringBuilder out = new StringBuilder();
        long hours = d.toHours();
        int minutes = d.toMinutesPart();
        int seconds = d.toSecondsPart();
        int millis = d.toMillisPart();
        if (hours > 0) {
            out.append(hours).append('h');
        }
        if (minutes > 0) {
            out.append(minutes).append('m');
        }
        if (seconds > 0 || (millis > 0 && out.length() > 0)) {
            out.append(seconds);
            if (millis > 0) {
                out.append('.').append(String.format("%03d", millis).replaceAll("0+$", ""));
            }
            out.append('s');
        } else if (millis > 0) {
            out.append(millis).append("ms");
        }
        return out.length() == 0 ? d.toNanos() + "ns" : out.toString();
    }

    /** Nanoseconds per unit, or 0 for a unit Go does not know. */
    private static long nanosPer(String unit) {
        return switch (unit) {
            case "ns" -> 1L;
            case "us", "\u00b5s", "\u03bcs" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            case "h" -> 3_600_000_000_000L;
            default -> 0L;
        };
    }
}
