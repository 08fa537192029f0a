package io.jdht.daemon.api;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jdht.daemon.http.ApiCommand;
import io.jdht.daemon.http.ApiError;
import io.jdht.daemon.http.ApiRequest;
import io.jdht.daemon.http.ApiResponse;
import io.jdht.daemon.http.CommandSpec;
import io.jdht.daemon.http.FilePart;
import io.jdht.daemon.http.OptionType;
import io.jdht.multiformats.Cid;
import io.jdht.multiformats.Multicodec;
import io.jdht.multiformats.Multihash;
import java.io.IOException;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;

/** {@code block/put|get|stat|rm}: raw blocks in the node's blockstore, as Kubo's block commands. */
final class BlockCommands {
    /** Kubo's limit on one block, unless {@code allow-big-block}; the DHT and bitswap assume blocks this small. */
    static final int MAX_BLOCK = 1 << 20;
    /** The most even {@code allow-big-block} may store in one block. */
    static final int MAX_BIG_BLOCK = 32 << 20;
    private static final JsonNodeFactory J = JsonNodeFactory.instance;
    private final ApiContext ctx;

    BlockCommands(ApiContext ctx) {
        this.ctx = ctx;
    }

    List<ApiCommand> commands() {
        return List.of(
                ApiCommand.of(CommandSpec.builder("block/put").fileArgument("data", true)
                        .option("cid-codec", OptionType.STRING).option("mhtype", OptionType.STRING)
                        .option("mhlen", OptionType.INT).option("format", OptionType.STRING, "f")
                        .option("pin", OptionType.BOOL).option("allow-big-block", OptionType.BOOL).build(), this::put),
                ApiCommand.of(CommandSpec.builder("block/get").argument("cid").build(), this::get),
                ApiCommand.of(CommandSpec.builder("block/stat").argument("cid").build(), this::stat),
                ApiCommand.of(CommandSpec.builder("block/rm").variadicArgument("cid", true)
                        .option("force", OptionType.BOOL, "f").option("quiet", OptionType.BOOL, "q")
                        .streaming().build(), this::rm));
    }

    private CompletableFuture<?> put(ApiRequest req, ApiResponse out) throws IOException {
        String mh = req.string("mhtype").orElse("sha2-256");
        if (!mh.equals("sha2-256")) {
            throw ApiError.client("mhtype \"" + mh + "\" is not supported; jdht hashes blocks with sha2-256");
        }
        long mhlen = req.integer("mhlen").orElse(-1);
        if (mhlen != -1 && mhlen != 32) {
            throw ApiError.client("mhlen " + mhlen + " is not supported; sha2-256 digests are 32 bytes");
        }
        String format = req.string("format").orElse("");
        String codecName = req.string("cid-codec").orElse(format.equals("v0") || format.equals("protobuf") ? "dag-pb" : "raw");
        int codec = switch (codecName) {
            case "raw" -> Multicodec.RAW;
            case "dag-pb", "protobuf" -> Multicodec.DAG_PB;
            default -> throw ApiError.client("cid-codec \"" + codecName + "\" is not supported; use raw or dag-pb");
        };
        int limit = req.flag("allow-big-block") ? MAX_BIG_BLOCK : MAX_BLOCK;
        FilePart file = req.file().orElseThrow(() -> ApiError.missingFile("data"));
        if (file.size() > limit) {
            throw ApiError.normal("produced block is over 1MiB: big blocks can't be exchanged with other peers."
                    + " consider using UnixFS for automatic chunking of bigger files, or pass --allow-big-block to override");
        }
        byte[] data = file.readAll(limit);
        Multihash hash = Multihash.sha2_256(data);
        Cid cid = format.equals("v0") ? Cid.v0(hash) : Cid.v1(codec, hash);
        ctx.node().blocks().put(cid, data);
        req.await(ctx.durability().sync());
        out.single(stat(cid, data.length));
        return null;
    }

    private CompletableFuture<?> get(ApiRequest req, ApiResponse out) {
        Cid cid = RoutingCommands.cid(req.argument("cid"));
        byte[] data = ctx.node().blocks().get(cid).orElseThrow(() -> notHere(cid));
        out.raw(data);
        return null;
    }

    private CompletableFuture<?> stat(ApiRequest req, ApiResponse out) {
        Cid cid = RoutingCommands.cid(req.argument("cid"));
        OptionalInt size = ctx.node().blocks().sizeOf(cid);
        if (size.isEmpty()) {
            throw notHere(cid);
        }
        out.single(stat(cid, size.getAsInt()));
        return null;
    }

    private CompletableFuture<?> rm(ApiRequest req, ApiResponse out) {
        boolean force = req.flag("force");
        boolean quiet = req.flag("quiet");
        int failed = 0;
        for (String text : req.argumentValues("cid")) {
            Cid cid = RoutingCommands.cid(text);
            boolean removed = ctx.node().blocks().remove(cid);
            String error = removed || force ? "" : "ipld: could not find " + cid;
            if (!error.isEmpty()) {
                failed++;
            }
            if (!quiet || !error.isEmpty()) {
                ObjectNode line = J.objectNode();
                line.put("Hash", cid.toString());
                line.put("Error", error);
                out.emit(line);
            }
        }
        req.await(ctx.durability().sync());
        if (failed > 0) {
            throw ApiError.normal("some blocks not removed");
        }
        return null;
    }

    private static ObjectNode stat(Cid cid, int size) {
        ObjectNode o = J.objectNode();
        o.put("Key", cid.toString());
        o.put("Size", size);
        return o;
    }

    private static ApiError notHere(Cid cid) {
        // jdht has no bitswap: a block is either here or not to be had
        return ApiError.normal("block was not found locally (offline): ipld: could not find " + cid);
    }
}
