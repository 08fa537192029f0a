package io.jdht.bench.attack;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The command line of {@link AttackBench}: the attack's name, then {@code --name value} (or
 * {@code --name=value}) options. Sizes take a {@code k}, {@code m} or {@code g} suffix (powers of
 * 1024); durations a {@code ms}, {@code s} or {@code m} one (plain numbers are seconds).
 */
final class Options {
    /** Options every attack understands. */
    static final Set<String> COMMON = Set.of("heap", "duration", "scale", "interval", "probe-timeout", "keep",
            "limit-loopback");

    private final String attack;
    private final Map<String, String> values;

    private Options(String attack, Map<String, String> values) {
        this.attack = attack;
        this.values = values;
    }

    static Options parse(String... args) {
        String attack = null;
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.startsWith("--")) {
                String name = a.substring(2);
                String value;
                int eq = name.indexOf('=');
                if (eq >= 0) {
                    value = name.substring(eq + 1);
                    name = name.substring(0, eq);
                } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                    value = args[++i];
                } else {
                    value = "true";
                }
                if (name.isEmpty()) {
                    throw new IllegalArgumentException("an option without a name: " + a);
                }
                values.put(name, value);
            } else if (attack == null) {
                attack = a;
            } else {
                throw new IllegalArgumentException("unexpected argument " + a + " (options start with --)");
            }
        }
        if (attack == null) {
            throw new IllegalArgumentException("name an attack");
        }
        return new Options(attack, values);
    }

    String attack() {
        return attack;
    }

    Set<String> names() {
        return values.keySet();
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    String string(String name, String def) {
        return values.getOrDefault(name, def);
    }

    int integer(String name, int def) {
        String v = values.get(name);
        if (v == null) {
            return def;
        }
        try {
            return Math.toIntExact(Math.round(Double.parseDouble(v.replace("_", "").replace(",", ""))));
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("--" + name + " wants a whole number, not " + v);
        }
    }

    double decimal(String name, double def) {
        String v = values.get(name);
        if (v == null) {
            return def;
        }
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " wants a number, not " + v);
        }
    }

    long bytes(String name, long def) {
        String v = values.get(name);
        return v == null ? def : parseBytes(v);
    }

    Duration duration(String name, Duration def) {
        String v = values.get(name);
        return v == null ? def : parseDuration(v);
    }

    /** {@code 512}, {@code 100k}, {@code 4m}, {@code 4m-1} (one byte short of 4 MiB), {@code 1g}. */
    static long parseBytes(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        long minus = 0;
        int dash = t.lastIndexOf('-');
        if (dash > 0) {
            minus = Long.parseLong(t.substring(dash + 1));
            t = t.substring(0, dash);
        }
        long unit = 1;
        if (t.endsWith("ib")) {
            t = t.substring(0, t.length() - 2);
        } else if (t.endsWith("b")) {
            t = t.substring(0, t.length() - 1);
        }
        switch (t.isEmpty() ? ' ' : t.charAt(t.length() - 1)) {
            case 'k' -> unit = 1L << 10;
            case 'm' -> unit = 1L << 20;
            case 'g' -> unit = 1L << 30;
            default -> unit = 1;
        }
        if (unit > 1) {
            t = t.substring(0, t.length() - 1);
        }
        try {
            return Math.round(Double.parseDouble(t) * unit) - minus;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a size: " + text + " (write 512, 100k, 4m)");
        }
    }

    /** {@code 60}, {@code 60s}, {@code 500ms}, {@code 2m}. */
    static Duration parseDuration(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            }
            if (t.endsWith("s")) {
                return Duration.ofMillis(Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 1000));
            }
            if (t.endsWith("m")) {
                return Duration.ofMillis(Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 60_000));
            }
            return Duration.ofMillis(Math.round(Double.parseDouble(t) * 1000));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a duration: " + text + " (write 60s, 500ms, 2m)");
        }
    }

    /** The same options for another attack (what {@code all} runs). */
    Options forAttack(String other) {
        return new Options(other, values);
    }
}
