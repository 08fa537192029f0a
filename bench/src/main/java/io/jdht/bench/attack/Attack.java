package io.jdht.bench.attack;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** One attack of {@link AttackBench}: it runs against a fresh daemon while the legitimate client probes it. */
interface Attack {
    /** The name on the command line. */
    String name();

    /** One line for the usage text. */
    String description();

    /** How long it runs unless {@code --duration} says otherwise. */
    default Duration defaultDuration() {
        return Duration.ofSeconds(60);
    }

    /** Runs the attack (at most until the context's deadline, plus clean-up) and says what it saw. */
    String run(Context c) throws Exception;

    /**
     * What an attack works with. Reading a parameter through it records the value used, which the
     * result line prints; {@code --scale} multiplies the default counts (not those given).
     */
    final class Context {
        final Target target;
        final LegitClient legit;
        final Attackers attackers;
        private final Options options;
        private final long deadlineNanos;
        private final Map<String, String> used = new LinkedHashMap<>();

        Context(Target target, LegitClient legit, Attackers attackers, Options options, Duration duration) {
            this.target = target;
            this.legit = legit;
            this.attackers = attackers;
            this.options = options;
            this.deadlineNanos = System.nanoTime() + duration.toNanos();
            used.put("duration", duration.toSeconds() + "s");
        }

        /** A count: the option if given, else the default times {@code --scale} (at least 1). */
        int count(String name, int def) {
            int v = options.has(name) ? options.integer(name, def)
                    : (int) Math.max(1, Math.round(def * options.decimal("scale", 1.0)));
            used.put(name, Integer.toString(v));
            return v;
        }

        /** A number that {@code --scale} leaves alone (sizes of things, not how many). */
        int integer(String name, int def) {
            int v = options.integer(name, def);
            used.put(name, Integer.toString(v));
            return v;
        }

        long bytes(String name, long def) {
            long v = options.bytes(name, def);
            used.put(name, Size.of(v));
            return v;
        }

        String string(String name, String def) {
            String v = options.string(name, def);
            used.put(name, v);
            return v;
        }

        long deadlineNanos() {
            return deadlineNanos;
        }

        /** Before the deadline, with the daemon still alive. */
        boolean timeLeft() {
            return System.nanoTime() < deadlineNanos && target.alive();
        }

        Duration remaining() {
            return Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime()));
        }

        /** Sleeps until the deadline, until the daemon is gone, or until {@code until} says stop (checked every 100 ms). */
        void holdUntilDeadline(java.util.function.BooleanSupplier until) throws InterruptedException {
            while (timeLeft() && !until.getAsBoolean()) {
                Thread.sleep(100);
            }
        }

        String parameters() {
            StringBuilder b = new StringBuilder();
            used.forEach((k, v) -> b.append(b.isEmpty() ? "" : " ").append(k).append('=').append(v));
            return b.toString();
        }
    }

    /** Byte counts for people: 100KiB, 4MiB-1. */
    final class Size {
        private Size() {}

        static String of(long bytes) {
            for (long unit : new long[] {1L << 30, 1L << 20, 1L << 10}) {
                String suffix = unit == 1L << 30 ? "GiB" : unit == 1L << 20 ? "MiB" : "KiB";
                if (bytes >= unit) {
                    long whole = Math.round((double) bytes / unit);
                    long diff = bytes - whole * unit;
                    if (diff == 0) {
                        return whole + suffix;
                    }
                    if (Math.abs(diff) < 65536 && unit >= 1L << 20) {
                        return whole + suffix + (diff > 0 ? "+" : "") + diff;
                    }
                    return String.format(java.util.Locale.ROOT, "%.1f%s", (double) bytes / unit, suffix);
                }
            }
            return bytes + "B";
        }
    }
}
