package io.jdht.node;

import java.time.Duration;

/**
 * Hears of every DHT operation a node's {@link Dht} runs, when it ends: for metrics. Called on
 * the node's callback executor; must return quickly and not throw.
 */
@FunctionalInterface
public interface DhtObserver {
    DhtObserver NONE = (operation, took, outcome) -> {};

    /**
     * @param operation {@code findPeer}, {@code findProvs}, {@code get}, {@code put}, {@code provide} or {@code query}
     * @param took from the call to the result
     * @param outcome {@code ok}, {@code not_found}, {@code timeout}, {@code no_peers}, {@code invalid},
     *     {@code cancelled}, {@code closed} or {@code error}
     */
    void completed(String operation, Duration took, String outcome);
}
