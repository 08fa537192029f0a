package io.jdht.daemon.http;

import java.util.concurrent.CancellationException;

/**
 * Where a command writes its answer. The first call decides the shape of the answer, as in Kubo:
 *
 * <ul>
 *   <li>{@link #emit}: a stream of JSON values, one per line (NDJSON), headed {@code
 *       X-Chunked-Output: 1}; each value goes out as soon as it is emitted.
 *   <li>{@link #single}: one JSON value and a newline, and the answer ends.
 *   <li>{@link #raw}: bytes as they are, headed {@code X-Stream-Output: 1} ({@code block/get}).
 * </ul>
 *
 * An error ({@link #fail}, a thrown exception or a failed future) before anything was written is
 * the whole answer: status 400 or 500 and Kubo's JSON error. After something was written the
 * status is already 200, so the error travels in the {@code X-Stream-Error} trailer.
 *
 * <p>Every method may be called from any thread; the bytes are written on the connection's event
 * loop, in call order. {@link #emit} and {@link #raw} apply back-pressure: called off an event
 * loop (as commands are), they block while the client has not yet taken what was sent before, so
 * a slow reader cannot make the server buffer without bound. Once the request is cancelled
 * (deadline, client gone, server closing) they throw {@link CancellationException}, which tells a
 * command to stop.
 */
public interface ApiResponse {
    /**
     * Sends one value of a stream: any object Jackson can serialize, a {@code JsonNode} included.
     *
     * @throws CancellationException if the request was cancelled
     * @throws IllegalStateException if the answer was already ended or is of another shape
     * @throws IllegalArgumentException if the value cannot be serialized
     */
    void emit(Object value);

    /** Sends {@code value} as the whole answer and ends it. */
    void single(Object value);

    /** Sends raw bytes as {@code text/plain} (what Kubo's {@code block/get} sends); may be called again to append. */
    default void raw(byte[] data) {
        raw(data, "text/plain");
    }

    /** Sends raw bytes; the content type of the first call is the answer's. */
    void raw(byte[] data, String contentType);

    /** Ends the answer with an error (the trailer if output has started). Ignored if already ended. */
    void fail(ApiError error);

    /** Whether more output can still be written (not ended, not cancelled). */
    boolean isOpen();
}
