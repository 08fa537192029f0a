package io.jdht.daemon.api;

import io.jdht.crypto.PeerId;
import io.jdht.daemon.http.ApiCommand;
import io.jdht.daemon.http.ApiError;
import io.jdht.daemon.http.ApiRequest;
import io.jdht.daemon.http.ApiResponse;
import io.jdht.daemon.http.CommandSpec;
import io.jdht.daemon.http.FilePart;
import io.jdht.daemon.http.OptionType;
import io.jdht.kad.DhtException;
import io.jdht.kad.PeerInfo;
import io.jdht.kad.PublishStrategy;
import io.jdht.multiformats.Cid;
import io.jdht.node.DhtKeys;
import io.jdht.node.FindProvsOptions;
import io.jdht.node.QueryOptions;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The routing commands of Kubo's RPC API, {@code routing/findpeer|findprovs|get|put|provide} and
 * {@code dht/query}, each also served under {@code dht/} (the seed's names, and the paths of
 * kubo-rpc-client up to 3.0.1). Lookups stream their query events as they happen; see {@link
 * Lookups} for how one that finds nothing is reported. Two differ: {@code get} without verbose
 * holds its events back and sends them only if it finds nothing (a found value is one line), and
 * {@code findprovs} that finds no provider just ends, as Kubo's does.
 */
final class RoutingCommands {
    /** Largest record value routing/put takes: the IPNS limit and then some; the DHT caps messages at 4 MiB. */
    static final long MAX_VALUE_BYTES = 1L << 20;

    private final ApiContext ctx;

    RoutingCommands(ApiContext ctx) {
        this.ctx = ctx;
    }

    /** The commands, under routing/ and under dht/. */
    List<ApiCommand> commands() {
        List<ApiCommand> out = new ArrayList<>();
        for (String prefix : List.of("routing/", "dht/")) {
            out.add(ApiCommand.of(spec(prefix + "findpeer", "peerID"), this::findPeer));
            out.add(ApiCommand.of(CommandSpec.builder(prefix + "findprovs").argument("key")
                    .option("verbose", OptionType.BOOL, "v").option("num-providers", OptionType.INT, "n")
                    .streaming().build(), this::findProvs));
            out.add(ApiCommand.of(CommandSpec.builder(prefix + "get").argument("key")
                    .option("verbose", OptionType.BOOL, "v").option("key-base64", OptionType.BOOL)
                    .streaming().build(), this::get));
            out.add(ApiCommand.of(CommandSpec.builder(prefix + "put").argument("key").optionalArgument("value")
                    .fileArgument("value-file", false)
                    .option("verbose", OptionType.BOOL, "v").option("allow-offline", OptionType.BOOL)
                    .option("key-base64", OptionType.BOOL).option("optimistic", OptionType.BOOL).streaming().build(),
                    this::put));
            out.add(ApiCommand.of(CommandSpec.builder(prefix + "provide").variadicArgument("key", true)
                    .option("verbose", OptionType.BOOL, "v").option("recursive", OptionType.BOOL, "r")
                    .option("optimistic", OptionType.BOOL).streaming().build(), this::provide));
        }
        out.add(ApiCommand.of(spec("dht/query", "peerID"), this::query));
        return out;
    }

    private static CommandSpec spec(String path, String argument) {
        return CommandSpec.builder(path).argument(argument).option("verbose", OptionType.BOOL, "v").streaming().build();
    }

    // ------------------------------------------------------------ findpeer

    private java.util.concurrent.CompletableFuture<?> findPeer(ApiRequest req, ApiResponse out) {
        Lookups.requireRouting(ctx);
        PeerId peer = peerId(req.argument("peerID"), false);
        if (peer.equals(ctx.node().peerId())) {
            throw ApiError.normal("finding your own node in the DHT is currently not supported");
        }
        EventRelay relay = new EventRelay(out, EventRelay::withoutFinalPeers);
        PeerInfo found = Lookups.await(req, out, ctx.node().dht().findPeer(peer, Lookups.options(ctx, req), relay));
        if (found.addresses().isEmpty()) {
            throw Lookups.report(out, new DhtException.NotFound("found " + peer + " but no addresses for it"));
        }
        out.emit(QueryEventJson.foundPeer(found));
        return null;
    }

    // ------------------------------------------------------------ findprovs

    private java.util.concurrent.CompletableFuture<?> findProvs(ApiRequest req, ApiResponse out) {
        Lookups.requireRouting(ctx);
        long n = req.integer("num-providers").orElse(20);
        if (n < 1) {
            throw ApiError.normal("number of providers must be greater than 0");
        }
        Cid cid = cid(req.argument("key"));
        FindProvsOptions find = new FindProvsOptions(Lookups.budget(ctx, req), (int) Math.min(n, Integer.MAX_VALUE));
        Lookups.await(req, out, ctx.node().dht().findProvs(cid.hash(), find, EventRelay.all(out)));
        return null;
    }

    // ------------------------------------------------------------ get

    private java.util.concurrent.CompletableFuture<?> get(ApiRequest req, ApiResponse out) {
        Lookups.requireRouting(ctx);
        byte[] key = key(req);
        // A found value is exactly one line (the lookup's events stream only with verbose); a lookup
        // that found nothing is answered with its events, the QueryError and the trailer
        boolean verbose = req.flag("verbose");
        EventRelay relay = verbose ? EventRelay.all(out) : EventRelay.held(out);
        byte[] value = Lookups.await(req, out, ctx.node().dht().get(key, Lookups.options(ctx, req), relay),
                verbose ? null : relay);
        out.emit(QueryEventJson.value(value));
        return null;
    }

    // ------------------------------------------------------------ put

    private java.util.concurrent.CompletableFuture<?> put(ApiRequest req, ApiResponse out) throws IOException {
        Lookups.requireRouting(ctx);
        byte[] key = key(req);
        byte[] value = value(req);
        if (!req.flag("allow-offline") && ctx.node().routingTable().join().isEmpty()) {
            throw ApiError.normal("can't put while offline: pass --allow-offline to override");
        }
        EventRelay relay = EventRelay.silent(out);
        Lookups.await(req, out, ctx.node().dht().putAndCount(key, value, publishOptions(req), relay));
        req.await(ctx.durability().sync());
        if (req.flag("verbose")) {
            relay.stored().forEach(p -> out.emit(QueryEventJson.peerTookRecord(p)));
        }
        out.emit(QueryEventJson.stored(ctx.node().peerId()));
        return null;
    }

    /** The value: the uploaded file (Kubo since 0.5), or a second argument (go-ipfs 0.4 and the old js client). */
    private static byte[] value(ApiRequest req) throws IOException {
        if (req.file().isPresent()) {
            FilePart f = req.file().get();
            if (f.size() > MAX_VALUE_BYTES) {
                throw ApiError.client("the value is " + f.size() + " bytes; at most " + MAX_VALUE_BYTES + " are accepted");
            }
            return f.readAll((int) MAX_VALUE_BYTES);
        }
        List<String> args = req.arguments();
        if (args.size() >= 2) {
            return args.get(1).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        throw ApiError.missingFile("value-file");
    }

    // ------------------------------------------------------------ provide

    private java.util.concurrent.CompletableFuture<?> provide(ApiRequest req, ApiResponse out) {
        Lookups.requireRouting(ctx);
        // Kubo refuses before it looks at the CIDs: with nobody connected, no announcement can leave
        // the node, and a lookup would only fail later, inside a 200 stream
        if (ctx.node().host().connectionManager().connections().isEmpty()) {
            throw ApiError.normal("cannot provide, no connected peers");
        }
        List<Cid> cids = new ArrayList<>();
        for (String text : req.argumentValues("key")) {
            cids.add(cid(text));
        }
        if (req.flag("recursive")) {
            cids = DagWalker.closure(ctx.node().blocks(), cids);
        }
        for (Cid c : cids) {
            if (!ctx.node().blocks().has(c)) {
                throw ApiError.normal("block " + c + " not found locally, cannot provide");
            }
        }
        EventRelay relay = req.flag("verbose") ? new EventRelay(out, EventRelay::withoutFinalPeers) : EventRelay.silent(out);
        Lookups.await(req, out, ctx.node().dht().provideAndCount(cids, publishOptions(req), relay));
        req.await(ctx.durability().sync());
        return null;
    }

    /** The lookup options, with jdht's {@code optimistic} flag (not Kubo's: it has it only as a config switch). */
    private QueryOptions publishOptions(ApiRequest req) {
        return Lookups.options(ctx, req).withPublish(req.flag("optimistic") ? PublishStrategy.OPTIMISTIC : PublishStrategy.CLASSIC);
    }

    // ------------------------------------------------------------ query

    private java.util.concurrent.CompletableFuture<?> query(ApiRequest req, ApiResponse out) {
        Lookups.requireRouting(ctx);
        PeerId peer = peerId(req.argument("peerID"), true);
        Lookups.await(req, out, ctx.node().dht().query(peer, Lookups.options(ctx, req),
                new EventRelay(out, EventRelay::closestAsFinalPeers)));
        return null;
    }

    // ------------------------------------------------------------ arguments

    /** A peer id; dht/query answers a bad one with 400 "invalid peer ID", as Kubo does, the others with 500. */
    static PeerId peerId(String text, boolean clientError) {
        try {
            return PeerId.parse(text);
        } catch (RuntimeException e) {
            return clientError ? failClient("invalid peer ID") : failNormal("invalid peer ID: " + e.getMessage());
        }
    }

    static Cid cid(String text) {
        try {
            return Cid.parse(text);
        } catch (RuntimeException e) {
            throw ApiError.normal("invalid CID \"" + text + "\": " + e.getMessage());
        }
    }

    /** The record key: Kubo's text form, or with jdht's {@code key-base64} option the raw bytes in base64. */
    private static byte[] key(ApiRequest req) {
        String text = req.argument("key");
        byte[] key;
        try {
            key = req.flag("key-base64") ? Base64.getDecoder().decode(text) : DhtKeys.parse(text);
        } catch (RuntimeException e) {
            throw ApiError.normal("invalid key: " + e.getMessage());
        }
        if (key.length == 0) {
            throw ApiError.normal("invalid key: it is empty");
        }
        return key;
    }

    private static <T> T failClient(String message) {
        throw ApiError.client(message);
    }

    private static <T> T failNormal(String message) {
        throw ApiError.normal(message);
    }
}
