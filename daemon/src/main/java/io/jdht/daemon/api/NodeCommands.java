package io.jdht.daemon.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jdht.crypto.PeerId;
import io.jdht.crypto.PublicKey;
import io.jdht.daemon.http.ApiCommand;
import io.jdht.daemon.http.ApiError;
import io.jdht.daemon.http.ApiRequest;
import io.jdht.daemon.http.ApiResponse;
import io.jdht.daemon.http.CommandSpec;
import io.jdht.kad.PeerInfo;
import io.jdht.multiformats.Multiaddr;
import io.jdht.net.host.Host;
import io.jdht.net.host.HostConfig;
import io.jdht.node.Node;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** {@code id}, {@code version} and {@code shutdown}. */
final class NodeCommands {
    /** jdht's version, as {@code version} reports it. */
    static final String VERSION = "0.1.0";
    private static final JsonNodeFactory J = JsonNodeFactory.instance;
    private final ApiContext ctx;

    NodeCommands(ApiContext ctx) {
        this.ctx = ctx;
    }

    List<ApiCommand> commands() {
        return List.of(
                ApiCommand.of(CommandSpec.builder("id").optionalArgument("peerid").build(), this::id),
                ApiCommand.of(CommandSpec.builder("version").build(), (req, out) -> {
                    out.single(version());
                    return null;
                }),
                ApiCommand.of(CommandSpec.builder("shutdown").build(), (req, out) -> {
                    out.single(J.objectNode());
                    // after the answer is on its way: the daemon closes the API server too
                    CompletableFuture.runAsync(ctx.shutdown(), CompletableFuture.delayedExecutor(100,
                            java.util.concurrent.TimeUnit.MILLISECONDS));
                    return null;
                }));
    }

    private CompletableFuture<?> id(ApiRequest req, ApiResponse out) {
        Node node = ctx.node();
        Host host = node.host();
        PeerId peer = req.arguments().isEmpty() ? node.peerId() : RoutingCommands.peerId(req.arguments().getFirst(), false);
        if (peer.equals(node.peerId())) {
            // concrete addresses only: a wildcard listen address is reported as the interfaces' addresses
            out.single(idOutput(node.peerId(), Optional.of(host.publicKey()), node.addresses(),
                    HostConfig.DEFAULT_AGENT, host.protocols()));
            return null;
        }
        List<Multiaddr> addrs = host.peerStore().addresses(peer);
        if (addrs.isEmpty() && ctx.routing() != io.jdht.daemon.config.RoutingType.NONE) {
            PeerInfo found = Lookups.awaitSingle(req, node.dht().findPeer(peer, Lookups.options(ctx, req),
                    io.jdht.kad.QueryListener.NONE));
            addrs = found.addresses();
        }
        if (addrs.isEmpty()) {
            throw ApiError.normal(Lookups.NOT_FOUND);
        }
        Multiaddr p2p = Multiaddr.parse("/p2p/" + peer);
        out.single(idOutput(peer, host.peerStore().publicKey(peer), addrs.stream().map(a -> a.encapsulate(p2p)).toList(),
                host.peerStore().agentVersion(peer).orElse(""), host.peerStore().protocols(peer)));
        return null;
    }

    /** Kubo's IdOutput: ID, PublicKey (the key protobuf in base64), Addresses (sorted), AgentVersion, Protocols (sorted). */
    static ObjectNode idOutput(PeerId id, Optional<PublicKey> key, List<Multiaddr> addresses, String agent,
            Collection<String> protocols) {
        ObjectNode o = J.objectNode();
        o.put("ID", id.toString());
        o.put("PublicKey", key.map(k -> Base64.getEncoder().encodeToString(k.marshal())).orElse(""));
        ArrayNode a = o.putArray("Addresses");
        addresses.stream().map(Multiaddr::toString).sorted().forEach(a::add);
        o.put("AgentVersion", agent);
        ArrayNode p = o.putArray("Protocols");
        protocols.stream().sorted().forEach(p::add);
        return o;
    }

    /** Kubo's version answer, with the JVM where Kubo names its Go version. */
    static ObjectNode version() {
        ObjectNode o = J.objectNode();
        o.put("Version", VERSION);
        o.put("Commit", "");
        o.put("Repo", "1");
        o.put("System", System.getProperty("os.arch") + "/" + System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT));
        o.put("Golang", "java" + Runtime.version().feature());
        return o;
    }
}
