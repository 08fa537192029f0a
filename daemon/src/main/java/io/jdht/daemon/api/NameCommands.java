package io.jdht.daemon.api;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jdht.daemon.http.ApiCommand;
import io.jdht.daemon.http.ApiError;
import io.jdht.daemon.http.ApiRequest;
import io.jdht.daemon.http.ApiResponse;
import io.jdht.daemon.http.CommandSpec;
import io.jdht.daemon.http.OptionType;
import io.jdht.daemon.ipns.NamePublisher;
import io.jdht.kad.QueryListener;
import io.jdht.node.QueryOptions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * {@code name/publish} and {@code name/resolve}: IPNS over the DHT with the node's own key
 * ({@code key=self}, the only key jdht has).
 */
final class NameCommands {
    /** How long resolvers may cache a record when {@code ttl} is not given (boxo's default). */
    static final Duration DEFAULT_TTL = Duration.ofHours(1);
    private static final JsonNodeFactory J = JsonNodeFactory.instance;
    private final ApiContext ctx;

    NameCommands(ApiContext ctx) {
        this.ctx = ctx;
    }

    List<ApiCommand> commands() {
        return List.of(
                ApiCommand.of(CommandSpec.builder("name/publish").argument("ipfs-path")
                        .option("resolve", OptionType.BOOL).option("lifetime", OptionType.STRING, "t")
                        .option("ttl", OptionType.DURATION).option("key", OptionType.STRING, "k")
                        .option("allow-offline", OptionType.BOOL).option("ipns-base", OptionType.STRING)
                        .option("quieter", OptionType.BOOL, "Q").build(), this::publish),
                ApiCommand.of(CommandSpec.builder("name/resolve").optionalArgument("name")
                        .option("recursive", OptionType.BOOL, "r").option("nocache", OptionType.BOOL, "n")
                        .option("dht-record-count", OptionType.INT, "dhtrc").option("dht-timeout", OptionType.DURATION, "dhtt")
                        .option("stream", OptionType.BOOL, "s").build(), this::resolve));
    }

    private CompletableFuture<?> publish(ApiRequest req, ApiResponse out) {
        Lookups.requireRouting(ctx);
        String key = req.string("key").orElse("self");
        if (!key.equals("self") && !key.equals(ctx.node().peerId().toString()) && !key.equals(ctx.names().name())) {
            throw ApiError.normal("no key by the given name was found: jdht publishes under its own key (self) only");
        }
        String base = req.string("ipns-base").orElse("base36");
        if (!base.equals("base36")) {
            throw ApiError.client("ipns-base \"" + base + "\" is not supported; names are written in base36");
        }
        Duration lifetime = req.string("lifetime").map(NameCommands::lifetime)
                .orElse(ctx.config().duration("Ipns.RecordLifetime"));
        Duration ttl = req.duration("ttl").orElse(DEFAULT_TTL);
        if (ttl.isNegative()) {
            throw ApiError.client("ttl must not be negative");
        }
        if (!req.flag("allow-offline") && ctx.node().routingTable().join().isEmpty()) {
            throw ApiError.normal("can't publish while offline: pass `--allow-offline` to override");
        }
        NamePublisher.Published p;
        try {
            p = Lookups.awaitSingle(req, ctx.names().publish(req.argument("ipfs-path"), lifetime, ttl,
                    Lookups.options(ctx, req), QueryListener.NONE));
        } catch (IllegalArgumentException e) {
            throw ApiError.normal("invalid path: " + e.getMessage());
        }
        req.await(ctx.durability().sync());
        ObjectNode o = J.objectNode();
        o.put("Name", p.name());
        o.put("Value", p.value());
        out.single(o);
        return null;
    }

    private static Duration lifetime(String text) {
        Duration d;
        try {
            d = io.jdht.daemon.config.GoDuration.parse(text);
        } catch (IllegalArgumentException e) {
            throw ApiError.badOption("lifetime", "duration", text);
        }
        if (d.isZero() || d.isNegative()) {
            throw ApiError.client("lifetime must be longer than zero, not " + text);
        }
        return d;
    }

    private CompletableFuture<?> resolve(ApiRequest req, ApiResponse out) {
        Lookups.requireRouting(ctx);
        String name = req.arguments().isEmpty() ? ctx.names().name() : req.arguments().getFirst();
        long count = req.integer("dht-record-count").orElse(NamePublisher.DEFAULT_RECORD_QUORUM);
        if (count < 0) {
            throw ApiError.client("dht-record-count must not be negative");
        }
        boolean recursive = req.bool("recursive").orElse(true);
        QueryOptions options = req.duration("dht-timeout").filter(d -> !d.isZero() && !d.isNegative())
                .map(QueryOptions::timeout).orElse(Lookups.options(ctx, req));
        String path;
        try {
            path = Lookups.awaitSingle(req, ctx.names().resolve(name, recursive, (int) Math.min(count, Integer.MAX_VALUE),
                    options, QueryListener.NONE));
        } catch (ApiError e) {
            throw ApiError.normal("could not resolve name: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw ApiError.normal("invalid IPNS name \"" + name + "\": " + e.getMessage());
        }
        out.single(J.objectNode().put("Path", path));
        return null;
    }
}
