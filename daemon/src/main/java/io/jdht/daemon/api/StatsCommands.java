package io.jdht.daemon.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jdht.daemon.http.ApiCommand;
import io.jdht.daemon.http.ApiError;
import io.jdht.daemon.http.ApiRequest;
import io.jdht.daemon.http.ApiResponse;
import io.jdht.daemon.http.CommandSpec;
import io.jdht.kad.Key;
import io.jdht.kad.PeerInfo;
import io.jdht.net.host.PeerStore;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * {@code stats/dht}: the routing table bucket by bucket, in the shape of Kubo's answer
 * ({@code {"Name", "Buckets": [{"LastRefresh", "Peers": [{"ID", "Connected", "AgentVersion",
 * "LastUsefulAt", "LastQueriedAt"}]}]}}). jdht runs one DHT, the public one Kubo calls "wan".
 */
final class StatsCommands {
    private static final JsonNodeFactory J = JsonNodeFactory.instance;
    private final ApiContext ctx;

    StatsCommands(ApiContext ctx) {
        this.ctx = ctx;
    }

    ApiCommand command() {
        return ApiCommand.of(CommandSpec.builder("stats/dht").variadicArgument("dht", false).streaming().build(), this::dht);
    }

    private CompletableFuture<?> dht(ApiRequest req, ApiResponse out) {
        for (String name : req.argumentValues("dht")) {
            if (!name.equals("wan")) {
                throw ApiError.client("unknown DHT \"" + name + "\": jdht runs one DHT, \"wan\"");
            }
        }
        List<PeerInfo> peers = req.await(ctx.node().routingTable());
        Key self = Key.of(ctx.node().peerId());
        TreeMap<Integer, ArrayNode> buckets = new TreeMap<>();
        PeerStore store = ctx.node().host().peerStore();
        for (PeerInfo p : peers) {
            ObjectNode entry = J.objectNode();
            entry.put("ID", p.id().toString());
            entry.put("Connected", ctx.node().host().connection(p.id()).isPresent());
            entry.put("AgentVersion", store.agentVersion(p.id()).orElse(""));
            entry.put("LastUsefulAt", "");
            entry.put("LastQueriedAt", "");
            int bucket = Math.min(Key.of(p.id()).commonPrefixLength(self), Key.BITS - 1);
            buckets.computeIfAbsent(bucket, b -> J.arrayNode()).add(entry);
        }
        ObjectNode answer = J.objectNode();
        answer.put("Name", "wan");
        ArrayNode list = answer.putArray("Buckets");
        int last = buckets.isEmpty() ? -1 : buckets.lastKey();
        for (int b = 0; b <= last; b++) {
            ObjectNode bucket = J.objectNode();
            bucket.put("LastRefresh", "");
            bucket.set("Peers", buckets.getOrDefault(b, J.arrayNode()));
            list.add(bucket);
        }
        out.emit(answer);
        return null;
    }
}
