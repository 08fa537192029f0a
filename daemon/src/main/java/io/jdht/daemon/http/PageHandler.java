package io.jdht.daemon.http;

/**
 * Produces a {@link Page} for a GET, such as {@code /debug/metrics/prometheus}. Runs on a virtual
 * thread, so it may block; a thrown exception is answered with 500 and its message.
 */
@FunctionalInterface
public interface PageHandler {
    Page render() throws Exception;
}
