package io.jdht.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jdht.kad.PeerInfo;

/** The JSON shape of a peer in {@code dht} output: {@code {"id":"…","addrs":["…"]}}. */
final class PeerJson {
    private PeerJson() {}

    static ObjectNode of(PeerInfo peer) {
        ObjectNode node = Json.object().put("id", peer.id().toString());
        node.set("addrs", Json.array(peer.addresses()));
        return node;
    }
}
