package io.jdht.daemon.api;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;

/** A daemon's routing table as {@code stats/dht} shows it, and waiting for it to fill. */
final class Tables {
    private Tables() {}

    /** The peer ids in the daemon's routing table. */
    static Set<String> peers(ApiClient api) {
        Set<String> ids = new LinkedHashSet<>();
        for (JsonNode line : api.lines("/api/v0/stats/dht")) {
            for (JsonNode bucket : line.path("Buckets")) {
                for (JsonNode p : bucket.path("Peers")) {
                    ids.add(p.path("ID").asText());
                }
            }
        }
        return ids;
    }

    /** Waits (bounded) until the daemon's table holds every one of these peers. */
    static void awaitContains(ApiClient api, ApiClient... others) {
        Set<String> want = new LinkedHashSet<>();
        for (ApiClient o : others) {
            want.add(o.peerId());
        }
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> peers(api).containsAll(want));
    }
}
