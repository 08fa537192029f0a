package io.jdht.net.yamux;

/**
 * One stream's receive window: how much the peer may still send, how much has been read since the
 * last grant, and how large the window is, which grows with the bandwidth-delay product.
 *
 * <p>Read bytes are granted again once half the window has been read. If that moment comes less
 * than two round trips after the previous grant, the window was too small to keep the path full
 * (the sender would have waited for the grant), so the grant also doubles the window, up to the
 * configured maximum. A window that is used up slowly stays as it is: a slow reader or a slow link
 * never makes the peer's send window grow. The window never shrinks, as yamux has no way to take
 * a grant back.
 */
final class ReceiveWindow {
    private final long max;
    /** What the peer may send in total before the next grant: credit plus what was read since. */
    private long size;
    private long credit;
    private long unacknowledged;
    private long lastGrantNanos;

    /**
     * A window of {@code credit} bytes as the peer sees it now, that may grow to {@code max}.
     * {@code nowNanos} counts as the time of the last grant.
     */
    ReceiveWindow(long credit, long max, long nowNanos) {
        this.size = credit;
        this.credit = credit;
        this.max = Math.max(max, credit);
        this.lastGrantNanos = nowNanos;
    }

    /** Grants {@code extra} bytes on top of the window, as the first window update of a stream does. */
    void enlarge(long extra) {
        size += extra;
        credit += extra;
    }

    /** The peer sent {@code n} bytes; false (and nothing changes) if they exceed its credit. */
    boolean receive(long n) {
        if (n > credit) {
            return false;
        }
        credit -= n;
        return true;
    }

    /**
     * The reader took {@code n} bytes. Returns the window update to send now (0 for none): the bytes
     * read since the last grant, plus any growth of the window.
     *
     * @param rttNanos the latest round-trip time measured on the connection, 0 if none yet
     */
    long consumed(long n, long nowNanos, long rttNanos) {
        unacknowledged += n;
        if (unacknowledged < size / 2) {
            return 0;
        }
        long delta = unacknowledged;
        if (rttNanos > 0 && nowNanos - lastGrantNanos < 2 * rttNanos && size < max) {
            long grown = Math.min(size * 2, max);
            delta += grown - size;
            size = grown;
        }
        unacknowledged = 0;
        credit += delta;
        lastGrantNanos = nowNanos;
        return delta;
    }

    /** The window's size: what the peer may have in flight or unread at most. */
    long size() {
        return size;
    }

    /** What the peer may still send before the next grant. */
    long credit() {
        return credit;
    }
}
