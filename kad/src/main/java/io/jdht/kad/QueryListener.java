package io.jdht.kad;

/** Receives a query's events as they happen, on the node's DHT thread: return quickly. */
@FunctionalInterface
public interface QueryListener {
    QueryListener NONE = event -> {};

    void onEvent(QueryEvent event);
}
