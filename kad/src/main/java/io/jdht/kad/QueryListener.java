package io.jdht.kad;

/** Receives a query's events as they happen, on the node's DHT thread: return quickly. */
@FunctionalInterface
public interface QueryListener {
    QueryListener NONE = event -> {};

    void onEvent(QueryEvent event);

    /**
     * Whether whoever asked has given up (a cancelled future, a client that hung up). A lookup
     * checks this at each step and stops sending requests once it is true; storing at peers after
     * a lookup is skipped. Read on the DHT thread, so it must be cheap and thread-safe.
     */
    default boolean cancelled() {
        return false;
    }
}
