package io.jdht.cli;

import io.jdht.sim.Simulation;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * The simulator's progress as a bar on one line of stderr, redrawn in place: the phase (joining,
 * workload), how much of its simulated time has run, and the wall time so far. Only on a
 * terminal; elsewhere it draws nothing.
 */
final class SimProgressBar implements Simulation.Progress, AutoCloseable {
    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 200_000_000L;
    private final PrintWriter err;
    private final boolean enabled;
    private final long started = System.nanoTime();
    private long lastDraw;
    private boolean drawn;

    private SimProgressBar(PrintWriter err, boolean enabled) {
        this.err = err;
        this.enabled = enabled;
    }

    static SimProgressBar onTerminal(PrintWriter err) {
        return new SimProgressBar(err, ProgressLine.onTerminal());
    }

    @Override
    public void update(String phase, long doneMicros, long totalMicros) {
        long now = System.nanoTime();
        if (!enabled || now - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        double share = totalMicros <= 0 ? 1 : Math.min(1, (double) doneMicros / totalMicros);
        int filled = (int) Math.round(share * WIDTH);
        err.printf(Locale.ROOT, "\r%-9s [%s%s] %3.0f%%  %,.0f s simulated, %.0f s wall ", phase, "#".repeat(filled),
                ".".repeat(WIDTH - filled), share * 100, doneMicros / 1e6, (now - started) / 1e9);
        err.flush();
        drawn = true;
    }

    @Override
    public void close() {
        if (drawn) {
            err.print("\r" + " ".repeat(WIDTH + 60) + "\r");
            err.flush();
        }
    }
}
