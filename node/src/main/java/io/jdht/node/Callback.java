package io.jdht.node;

/**
 * The final callback of a DHT operation, called exactly once: {@code (null, result)} on success
 * ({@code result} is {@code null} for operations without one), {@code (error, null)} on failure.
 */
@FunctionalInterface
public interface Callback<T> {
    void done(Throwable error, T result);
}
