package io.jdht.cli;

import io.jdht.crypto.PeerId;
import io.jdht.kad.Key;
import io.jdht.kad.QueryEvent;
import io.jdht.kad.QueryListener;
import java.io.PrintWriter;

/**
 * A lookup's progress on one line of stderr, redrawn in place while it runs: peers asked,
 * answered and failed, and how close the closest peer that answered is to the target (the bits
 * its key shares with the target's; 256 would be the target itself). Only on a terminal: a
 * redrawn line is noise in a pipe or a log file. Passes every event on to the next listener.
 */
final class ProgressLine implements QueryListener, AutoCloseable {
    /** Redraw at most this often, so a fast lookup does not flood the terminal. */
    private static final long REDRAW_NANOS = 100_000_000L;
    private final PrintWriter err;
    private final Key target;
    private final QueryListener next;
    private int asked;
    private int answered;
    private int failed;
    private int closestBits = -1;
    private long lastDraw;
    private int drawnWidth;

    ProgressLine(PrintWriter err, byte[] targetKey, QueryListener next) {
        this.err = err;
        this.target = Key.of(targetKey);
        this.next = next;
    }

    /** Whether stderr is a terminal that a redrawn line makes sense on. */
    static boolean onTerminal() {
        java.io.Console console = System.console();
        return console != null && console.isTerminal();
    }

    /** A progress line in front of {@code next} on a terminal, else {@code next} alone. */
    static QueryListener wrap(PrintWriter err, byte[] targetKey, QueryListener next, boolean enabled) {
        return enabled && onTerminal() ? new ProgressLine(err, targetKey, next) : next;
    }

    @Override
    public synchronized void onEvent(QueryEvent event) {
        switch (event) {
            case QueryEvent.SendingQuery e -> asked++;
            case QueryEvent.PeerResponse e -> {
                answered++;
                closer(e.from());
            }
            case QueryEvent.QueryError e -> {
                if (e.peer() != null) {
                    failed++;
                }
            }
            default -> { }
        }
        long now = System.nanoTime();
        if (now - lastDraw >= REDRAW_NANOS) {
            lastDraw = now;
            draw();
        }
        next.onEvent(event);
    }

    private void closer(PeerId peer) {
        closestBits = Math.max(closestBits, Key.of(peer).commonPrefixLength(target));
    }

    private void draw() {
        String line = "asked " + asked + ", answered " + answered + ", failed " + failed
                + (closestBits >= 0 ? ", closest shares " + closestBits + " bits with the target" : "");
        err.print("\r" + line + " ".repeat(Math.max(0, drawnWidth - line.length())));
        err.flush();
        drawnWidth = line.length();
    }

    /** Clears the line, so the command's own output starts on a clean one. */
    @Override
    public synchronized void close() {
        if (drawnWidth > 0) {
            err.print("\r" + " ".repeat(drawnWidth) + "\r");
            err.flush();
            drawnWidth = 0;
        }
    }
}
