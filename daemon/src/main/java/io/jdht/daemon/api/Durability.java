package io.jdht.daemon.api;

import java.util.concurrent.CompletableFuture;

/**
 * Makes what the node has stored so far survive a crash. The API calls {@link #sync} before it
 * acknowledges a {@code put}, {@code provide}, {@code block/put}, {@code add} or
 * {@code name/publish}, so that an acknowledged write survives {@code kill -9}.
 */
@FunctionalInterface
public interface Durability {
    /** For a node that keeps nothing across restarts (the in-memory datastore). */
    Durability NONE = () -> CompletableFuture.completedFuture(null);

    /** Completes once every change made before the call is on disk. */
    CompletableFuture<Void> sync();
}
