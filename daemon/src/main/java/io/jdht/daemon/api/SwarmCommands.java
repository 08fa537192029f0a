package io.jdht.daemon.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jdht.crypto.PeerId;
import io.jdht.daemon.http.ApiCommand;
import io.jdht.daemon.http.ApiError;
import io.jdht.daemon.http.ApiRequest;
import io.jdht.daemon.http.ApiResponse;
import io.jdht.daemon.http.CommandSpec;
import io.jdht.daemon.http.OptionType;
import io.jdht.multiformats.Multiaddr;
import io.jdht.net.host.Connection;
import io.jdht.net.host.Direction;
import io.jdht.net.host.PeerStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** {@code swarm/connect|disconnect|peers|addrs}, in the shapes of Kubo's answers. */
final class SwarmCommands {
    private static final JsonNodeFactory J = JsonNodeFactory.instance;
    private final ApiContext ctx;

    SwarmCommands(ApiContext ctx) {
        this.ctx = ctx;
    }

    List<ApiCommand> commands() {
        return List.of(
                ApiCommand.of(CommandSpec.builder("swarm/connect").variadicArgument("address", true).build(), this::connect),
                ApiCommand.of(CommandSpec.builder("swarm/disconnect").variadicArgument("address", true).build(), this::disconnect),
                ApiCommand.of(CommandSpec.builder("swarm/peers").option("verbose", OptionType.BOOL, "v")
                        .option("streams", OptionType.BOOL).option("latency", OptionType.BOOL)
                        .option("direction", OptionType.BOOL).option("identify", OptionType.BOOL).build(), this::peers),
                ApiCommand.of(CommandSpec.builder("swarm/addrs").build(), this::addrs));
    }

    /** A peer's address as the user gave it; it must name the peer. */
    private static Multiaddr peerAddress(String text) {
        try {
            Multiaddr a = Multiaddr.parse(text);
            if (a.peerIdMultihash().isEmpty()) {
                throw ApiError.client("invalid peer address \"" + text + "\": it does not end in /p2p/<peer-id>");
            }
            return a;
        } catch (IllegalArgumentException e) {
            throw ApiError.client("invalid peer address \"" + text + "\": " + e.getMessage());
        }
    }

    private static PeerId peerOf(Multiaddr a) {
        return PeerId.fromBytes(a.peerIdMultihash().orElseThrow().toBytes());
    }

    private CompletableFuture<?> connect(ApiRequest req, ApiResponse out) {
        List<Multiaddr> targets = req.argumentValues("address").stream().map(SwarmCommands::peerAddress).toList();
        ArrayNode strings = J.arrayNode();
        for (Multiaddr a : targets) {
            PeerId peer = peerOf(a);
            try {
                req.await(ctx.node().connect(a));
            } catch (RuntimeException e) {
                throw ApiError.normal("connect " + peer + " failure: " + Lookups.unwrap(e).getMessage());
            }
            strings.add("connect " + peer + " success");
        }
        out.single(J.objectNode().set("Strings", strings));
        return null;
    }

    private CompletableFuture<?> disconnect(ApiRequest req, ApiResponse out) {
        ArrayNode strings = J.arrayNode();
        for (String text : req.argumentValues("address")) {
            PeerId peer = peerOf(peerAddress(text));
            Optional<Connection> c = ctx.node().host().connection(peer);
            if (c.isEmpty()) {
                throw ApiError.normal("disconnect " + peer + " failure: not connected");
            }
            req.await(c.get().close());
            strings.add("disconnect " + peer + " success");
        }
        out.single(J.objectNode().set("Strings", strings));
        return null;
    }

    private CompletableFuture<?> peers(ApiRequest req, ApiResponse out) {
        boolean verbose = req.flag("verbose");
        PeerStore store = ctx.node().host().peerStore();
        List<Connection> connections = new ArrayList<>(ctx.node().host().connectionManager().connections());
        connections.sort(Comparator.comparing(c -> c.remotePeer().toString()));
        ArrayNode peers = J.arrayNode();
        for (Connection c : connections) {
            ObjectNode p = J.objectNode();
            p.put("Addr", c.remoteAddress().toString());
            p.put("Peer", c.remotePeer().toString());
            if (verbose || req.flag("direction")) {
                // go-libp2p's network.Direction: 1 inbound, 2 outbound
                p.put("Direction", c.direction() == Direction.INBOUND ? 1 : 2);
            }
            if (verbose || req.flag("streams")) {
                p.putArray("Streams");
            }
            // Kubo always writes Identify; it is filled in only when asked for
            boolean identify = verbose || req.flag("identify");
            p.set("Identify", identify
                    ? NodeCommands.idOutput(c.remotePeer(), store.publicKey(c.remotePeer()), store.addresses(c.remotePeer()),
                            store.agentVersion(c.remotePeer()).orElse(""), store.protocols(c.remotePeer()))
                    : emptyIdentify());
            peers.add(p);
        }
        out.single(J.objectNode().set("Peers", peers));
        return null;
    }

    private static ObjectNode emptyIdentify() {
        ObjectNode o = J.objectNode();
        o.put("ID", "");
        o.put("PublicKey", "");
        o.putNull("Addresses");
        o.put("AgentVersion", "");
        o.putNull("Protocols");
        return o;
    }

    private CompletableFuture<?> addrs(ApiRequest req, ApiResponse out) {
        PeerStore store = ctx.node().host().peerStore();
        ObjectNode byPeer = J.objectNode();
        store.peers().stream().map(PeerId::toString).sorted().forEach(id -> {
            List<Multiaddr> known = store.addresses(PeerId.parse(id));
            if (!known.isEmpty()) {
                ArrayNode a = byPeer.putArray(id);
                known.forEach(m -> a.add(m.toString()));
            }
        });
        out.single(J.objectNode().set("Addrs", byPeer));
        return null;
    }
}
