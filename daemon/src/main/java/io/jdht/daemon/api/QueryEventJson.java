package io.jdht.daemon.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jdht.crypto.PeerId;
import io.jdht.kad.PeerInfo;
import io.jdht.kad.QueryEvent;
import io.jdht.multiformats.Multiaddr;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Query events in the JSON of Kubo's routing commands, both ways: the daemon writes them, the CLI
 * reads them back. Each event is {@code {"Extra", "ID", "Responses", "Type"}} with the keys in that
 * (sorted) order, {@code ID} an empty string when there is no peer, {@code Responses} null or an
 * array of {@code {"ID", "Addrs"}} whose {@code Addrs} is always an array (kubo-rpc-client fails on
 * a null one), and {@code Extra} an error text or a base64 value.
 */
public final class QueryEventJson {
    private static final JsonNodeFactory J = JsonNodeFactory.instance;

    private QueryEventJson() {}

    /**
     * A lookup's progress event as Kubo streams it, or empty for events Kubo's commands do not
     * stream (a value a peer returned, which the get command reports once, when it is chosen).
     */
    public static Optional<ObjectNode> progress(QueryEvent event) {
        return switch (event) {
            case QueryEvent.SendingQuery e -> Optional.of(event(0, e.peer(), null, ""));
            case QueryEvent.PeerResponse e -> Optional.of(event(1, e.from(), e.closerPeers(), ""));
            case QueryEvent.FinalPeer e -> Optional.of(foundPeer(e.peer()));
            case QueryEvent.QueryError e -> Optional.of(error(e.peer(), e.message()));
            case QueryEvent.Provider e -> Optional.of(provider(e.provider()));
            case QueryEvent.Value e -> Optional.empty();
            case QueryEvent.AddingPeer e -> Optional.of(event(6, null, List.of(e.peer()), ""));
            case QueryEvent.DialingPeer e -> Optional.of(event(7, e.peer(), null, ""));
        };
    }

    /** findpeer's answer: Type 2 with no ID and the peer in Responses. */
    public static ObjectNode foundPeer(PeerInfo peer) {
        return event(2, null, List.of(peer), "");
    }

    /** One of dht/query's closest peers: Type 2 with the peer as ID and no Responses. */
    public static ObjectNode closestPeer(PeerId peer) {
        return event(2, peer, null, "");
    }

    public static ObjectNode error(PeerId peer, String message) {
        return event(3, peer, null, message);
    }

    public static ObjectNode provider(PeerInfo provider) {
        return event(4, null, List.of(provider), "");
    }

    /** get's answer: Type 5 with the value in base64 (standard, padded). */
    public static ObjectNode value(byte[] value) {
        return event(5, null, null, Base64.getEncoder().encodeToString(value));
    }

    /** put's answer: Type 5 naming the node that put the record (Kubo names itself, whatever the key). */
    public static ObjectNode stored(PeerId self) {
        return event(5, self, null, "");
    }

    /** A peer that took a record ({@code routing/put?verbose=true}). */
    public static ObjectNode peerTookRecord(PeerId peer) {
        return event(1, peer, List.of(), "");
    }

    private static ObjectNode event(int type, PeerId id, List<PeerInfo> responses, String extra) {
        ObjectNode o = J.objectNode();
        o.put("Extra", extra);
        o.put("ID", id == null ? "" : id.toString());
        if (responses == null) {
            o.putNull("Responses");
        } else {
            ArrayNode a = o.putArray("Responses");
            responses.forEach(p -> a.add(addrInfo(p)));
        }
        o.put("Type", type);
        return o;
    }

    /** {@code {"ID": "...", "Addrs": [...]}}, as go-libp2p's AddrInfo marshals. */
    public static ObjectNode addrInfo(PeerInfo p) {
        ObjectNode o = J.objectNode();
        o.put("ID", p.id().toString());
        ArrayNode addrs = o.putArray("Addrs");
        p.addresses().forEach(a -> addrs.add(a.toString()));
        return o;
    }

    // ------------------------------------------------------------ reading

    /**
     * Reads an event a Kubo-compatible daemon streamed.
     *
     * @throws IllegalArgumentException if it is not one (unknown type, a bad peer id or address)
     */
    public static QueryEvent read(JsonNode o) {
        int type = o.path("Type").asInt(-1);
        PeerId id = peer(o.path("ID").asText(""));
        List<PeerInfo> responses = responses(o.path("Responses"));
        String extra = o.path("Extra").asText("");
        return switch (type) {
            case 0 -> new QueryEvent.SendingQuery(require(id, o));
            case 1 -> new QueryEvent.PeerResponse(require(id, o), responses, List.of());
            case 2 -> new QueryEvent.FinalPeer(!responses.isEmpty() ? responses.getFirst() : PeerInfo.of(require(id, o)));
            case 3 -> new QueryEvent.QueryError(id, extra);
            case 4 -> new QueryEvent.Provider(id, first(responses, o));
            case 5 -> new QueryEvent.Value(id, extra.isEmpty() ? new byte[0] : Base64.getDecoder().decode(extra));
            case 6 -> new QueryEvent.AddingPeer(first(responses, o));
            case 7 -> new QueryEvent.DialingPeer(require(id, o));
            default -> throw new IllegalArgumentException("unknown query event type " + type + " in " + o);
        };
    }

    private static PeerId peer(String text) {
        return text.isEmpty() ? null : PeerId.parse(text);
    }

    private static PeerId require(PeerId id, JsonNode o) {
        if (id == null) {
            throw new IllegalArgumentException("query event without an ID: " + o);
        }
        return id;
    }

    private static PeerInfo first(List<PeerInfo> responses, JsonNode o) {
        if (responses.isEmpty()) {
            throw new IllegalArgumentException("query event without Responses: " + o);
        }
        return responses.getFirst();
    }

    private static List<PeerInfo> responses(JsonNode a) {
        if (!a.isArray()) {
            return List.of();
        }
        List<PeerInfo> out = new ArrayList<>();
        for (JsonNode r : a) {
            out.add(readAddrInfo(r));
        }
        return out;
    }

    public static PeerInfo readAddrInfo(JsonNode r) {
        List<Multiaddr> addrs = new ArrayList<>();
        for (JsonNode m : r.path("Addrs")) {
            addrs.add(Multiaddr.parse(m.asText()));
        }
        return new PeerInfo(PeerId.parse(r.path("ID").asText()), addrs);
    }
}
