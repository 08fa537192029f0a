package io.jdht.net.perf;

import java.time.Duration;

/**
 * What a perf run moved and how long it took, from stream open to the server's close.
 *
 * @param uploadedBytes bytes the client sent
 * @param downloadedBytes bytes the server sent back
 * @param elapsed time from the first write to the end of the download
 */
public record PerfResult(long uploadedBytes, long downloadedBytes, Duration elapsed) {
    /** Megabytes (10^6 bytes) per second over both directions. */
    public double megabytesPerSecond() {
        double seconds = Math.max(elapsed.toNanos(), 1) / 1e9;
        return (uploadedBytes + downloadedBytes) / 1e6 / seconds;
    }
}
