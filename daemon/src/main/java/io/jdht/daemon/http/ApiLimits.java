package io.jdht.daemon.http;

import java.time.Duration;

/**
 * The bounds that keep one client from exhausting the server. Each has a default suited to a
 * daemon on localhost; a request beyond a bound is answered with an error (or its connection is
 * closed), never the server.
 *
 * @param maxInitialLineLength the request line, URI included (a long list of {@code arg=}s): beyond it, 414
 * @param maxHeaderSize all request headers together: beyond it, 431
 * @param maxQueryParameters query parameters decoded per request; the rest are dropped
 * @param maxBodyBytes the request body: beyond it, 413 (announced by Content-Length or counted as it comes)
 * @param memoryThreshold a multipart part larger than this goes to a temporary file instead of memory
 * @param maxParts parts of one multipart body: beyond it, 400
 * @param maxConcurrentRequests commands running at once over all connections: beyond it, 429
 * @param maxConnections open connections: a new one beyond it is closed at once
 * @param idleTimeout how long a connection may sit without traffic while waiting for a request or
 *     its body, or while the client is not reading our output; a command that is merely thinking
 *     is bounded by its own {@code timeout} instead
 * @param outputHighWaterMark output handed to a connection but not yet written, above which
 *     {@link ApiResponse#emit} blocks
 * @param maxBufferedOutput the same, above which a producer that cannot block (one on an event
 *     loop) gets its connection closed
 */
public record ApiLimits(
        int maxInitialLineLength,
        int maxHeaderSize,
        int maxQueryParameters,
        long maxBodyBytes,
        long memoryThreshold,
        int maxParts,
        int maxConcurrentRequests,
        int maxConnections,
        Duration idleTimeout,
        long outputHighWaterMark,
        long maxBufferedOutput) {

    public static final ApiLimits DEFAULT = new ApiLimits(
            64 * 1024, 64 * 1024, 4096, 32L << 20, 256 * 1024, 64, 256, 1024, Duration.ofSeconds(60), 256 * 1024, 16L << 20);

    public ApiLimits {
        positive("maxInitialLineLength", maxInitialLineLength);
        positive("maxHeaderSize", maxHeaderSize);
        positive("maxQueryParameters", maxQueryParameters);
        positive("maxBodyBytes", maxBodyBytes);
        positive("memoryThreshold", memoryThreshold);
        positive("maxParts", maxParts);
        positive("maxConcurrentRequests", maxConcurrentRequests);
        positive("maxConnections", maxConnections);
        positive("outputHighWaterMark", outputHighWaterMark);
        if (maxBufferedOutput < outputHighWaterMark) {
            throw new IllegalArgumentException("maxBufferedOutput must be at least outputHighWaterMark");
        }
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("idleTimeout must be positive: " + idleTimeout);
        }
    }

    private static void positive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }

    public ApiLimits withMaxBodyBytes(long bytes) {
        return new ApiLimits(maxInitialLineLength, maxHeaderSize, maxQueryParameters, bytes, memoryThreshold, maxParts,
                maxConcurrentRequests, maxConnections, idleTimeout, outputHighWaterMark, maxBufferedOutput);
    }

    public ApiLimits withMemoryThreshold(long bytes) {
        return new ApiLimits(maxInitialLineLength, maxHeaderSize, maxQueryParameters, maxBodyBytes, bytes, maxParts,
                maxConcurrentRequests, maxConnections, idleTimeout, outputHighWaterMark, maxBufferedOutput);
    }

    public ApiLimits withMaxConcurrentRequests(int n) {
        return new ApiLimits(maxInitialLineLength, maxHeaderSize, maxQueryParameters, maxBodyBytes, memoryThreshold, maxParts,
                n, maxConnections, idleTimeout, outputHighWaterMark, maxBufferedOutput);
    }

    public ApiLimits withMaxConnections(int n) {
        return new ApiLimits(maxInitialLineLength, maxHeaderSize, maxQueryParameters, maxBodyBytes, memoryThreshold, maxParts,
                maxConcurrentRequests, n, idleTimeout, outputHighWaterMark, maxBufferedOutput);
    }

    public ApiLimits withIdleTimeout(Duration timeout) {
        return new ApiLimits(maxInitialLineLength, maxHeaderSize, maxQueryParameters, maxBodyBytes, memoryThreshold, maxParts,
                maxConcurrentRequests, maxConnections, timeout, outputHighWaterMark, maxBufferedOutput);
    }

    public ApiLimits withRequestSizes(int initialLine, int headers) {
        return new ApiLimits(initialLine, headers, maxQueryParameters, maxBodyBytes, memoryThreshold, maxParts,
                maxConcurrentRequests, maxConnections, idleTimeout, outputHighWaterMark, maxBufferedOutput);
    }

    public ApiLimits withOutputBuffering(long highWaterMark, long max) {
        return new ApiLimits(maxInitialLineLength, maxHeaderSize, maxQueryParameters, maxBodyBytes, memoryThreshold, maxParts,
                maxConcurrentRequests, maxConnections, idleTimeout, highWaterMark, max);
    }
}
