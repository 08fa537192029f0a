package io.jdht.bench.attack;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** Outcomes of one kind of legitimate operation: how many succeeded, and the latency of those that did. */
final class Samples {
    private final String name;
    private final List<Long> okNanos = new ArrayList<>();
    private int attempts;

    Samples(String name) {
        this.name = name;
    }

    synchronized void ok(long nanos) {
        attempts++;
        okNanos.add(nanos);
    }

    synchronized void failed() {
        attempts++;
    }

    synchronized int attempts() {
        return attempts;
    }

    synchronized int successes() {
        return okNanos.size();
    }

    /** The {@code q} quantile (0..1) of the successful latencies in ms, NaN when none succeeded. */
    synchronized double quantileMs(double q) {
        if (okNanos.isEmpty()) {
            return Double.NaN;
        }
        List<Long> sorted = new ArrayList<>(okNanos);
        Collections.sort(sorted);
        int i = (int) Math.ceil(q * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i))) / 1e6;
    }

    /** {@code ping 28/30 p50 2 ms max 1200 ms}; {@code ping 0/0} when never tried. */
    synchronized String summary() {
        String s = name + " " + successes() + "/" + attempts;
        if (!okNanos.isEmpty()) {
            s += String.format(Locale.ROOT, " p50 %s max %s", ms(quantileMs(0.5)), ms(quantileMs(1)));
        }
        return s;
    }

    static String ms(double ms) {
        return ms >= 100 ? String.format(Locale.ROOT, "%.0f ms", ms) : String.format(Locale.ROOT, "%.1f ms", ms);
    }
}
