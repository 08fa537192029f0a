package io.jdht.net.yamux;

import java.time.Duration;

/**
 * Tunables of a yamux session.
 *
 * @param maxStreams streams open at once on one session, both directions; an inbound stream
 *     beyond this is reset at once
 * @param receiveWindow how many unread bytes each stream lets the remote send ahead at first; the
 *     protocol starts every stream at 256 KiB and we raise it with a window update when the stream
 *     opens. Larger windows carry more data per round trip; the cost is memory a slow reader may hold.
 * @param maxReceiveWindow how far a stream's window may grow: a window that is used up in less
 *     than two round trips is doubled at the next update (auto-tuning to the bandwidth-delay
 *     product), up to this size; equal to {@code receiveWindow} turns the tuning off. Bytes a
 *     stream keeps unread are paid for from its resource scope whatever the window.
 * @param maxDataFrame the largest data frame we send; big enough to amortise the 12-byte header,
 *     small enough that streams sharing a connection take turns
 * @param maxBufferedBytes most unsent bytes one stream may queue (window closed, connection busy);
 *     a write past it fails, so a writer that ignores writability cannot grow memory without bound
 * @param closeGrace how long a stream we closed waits for the peer's FIN before we reset it; such
 *     a stream no longer counts toward {@code maxStreams}, so a peer that never finishes its side
 *     cannot use up the limit, and the grace (together with a cap of {@code maxStreams} such
 *     streams) keeps the session from remembering it for ever
 */
public record YamuxConfig(
        int maxStreams, int receiveWindow, int maxReceiveWindow, int maxDataFrame, long maxBufferedBytes, Duration closeGrace) {
    /** The window every stream starts with, fixed by the protocol. */
    public static final int INITIAL_WINDOW = 256 * 1024;

    /**
     * Windows of 1 MiB that do not grow: with growth on (a maximum of 16 MiB), a download from a
     * js-libp2p peer stalled now and then on a loaded machine (`HostInteropTest`, 1 run in 2 with
     * two busy loops beside it; 3 in 3 passed without growth), and the cause is not found yet.
     * {@link #withReceiveWindows} turns growth on.
     */
    public static final YamuxConfig DEFAULT =
            new YamuxConfig(512, 1024 * 1024, 1024 * 1024, 32 * 1024, 16L * 1024 * 1024, Duration.ofSeconds(30));

    public YamuxConfig {
        if (maxStreams <= 0) {
            throw new IllegalArgumentException("maxStreams must be positive: " + maxStreams);
        }
        if (receiveWindow < INITIAL_WINDOW) {
            throw new IllegalArgumentException("receiveWindow must be at least " + INITIAL_WINDOW + ": " + receiveWindow);
        }
        if (maxReceiveWindow < receiveWindow) {
            throw new IllegalArgumentException("maxReceiveWindow " + maxReceiveWindow + " is below receiveWindow " + receiveWindow);
        }
        if (maxDataFrame <= 0) {
            throw new IllegalArgumentException("maxDataFrame must be positive: " + maxDataFrame);
        }
        if (maxBufferedBytes <= 0) {
            throw new IllegalArgumentException("maxBufferedBytes must be positive: " + maxBufferedBytes);
        }
        if (closeGrace == null || closeGrace.isNegative() || closeGrace.isZero()) {
            throw new IllegalArgumentException("closeGrace must be positive: " + closeGrace);
        }
    }

    public YamuxConfig withMaxStreams(int max) {
        return new YamuxConfig(max, receiveWindow, maxReceiveWindow, maxDataFrame, maxBufferedBytes, closeGrace);
    }

    public YamuxConfig withCloseGrace(Duration grace) {
        return new YamuxConfig(maxStreams, receiveWindow, maxReceiveWindow, maxDataFrame, maxBufferedBytes, grace);
    }

    /** The same with windows that start at {@code initial} and may grow to {@code max}. */
    public YamuxConfig withReceiveWindows(int initial, int max) {
        return new YamuxConfig(maxStreams, initial, max, maxDataFrame, maxBufferedBytes, closeGrace);
    }
}
