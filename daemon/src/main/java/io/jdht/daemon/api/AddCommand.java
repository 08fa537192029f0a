package io.jdht.daemon.api;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jdht.daemon.config.RoutingType;
import io.jdht.daemon.http.ApiCommand;
import io.jdht.daemon.http.ApiError;
import io.jdht.daemon.http.ApiRequest;
import io.jdht.daemon.http.ApiResponse;
import io.jdht.daemon.http.CommandSpec;
import io.jdht.daemon.http.FilePart;
import io.jdht.daemon.http.OptionType;
import io.jdht.daemon.unixfs.BlockSink;
import io.jdht.daemon.unixfs.ImportOptions;
import io.jdht.daemon.unixfs.ImportResult;
import io.jdht.daemon.unixfs.UnixFsImporter;
import io.jdht.kad.QueryListener;
import io.jdht.node.QueryOptions;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code add}: files as UnixFS, with the CIDs {@code ipfs add} gives for the same bytes (fixed-size
 * chunks of 256 KiB, balanced layout; CIDv0 with dag-pb leaves by default, {@code cid-version=1}
 * with raw leaves). Each file part of the upload is one file; the answer is one line per file,
 * {@code {"Name", "Hash", "Size"}} with the size as a string, as Kubo writes it. The blocks go to
 * the blockstore (not with {@code only-hash}), and the root is announced to the DHT in the
 * background, as Kubo's provider does after an add.
 */
final class AddCommand {
    private static final Logger LOG = LoggerFactory.getLogger(AddCommand.class);
    private static final Pattern SIZE_CHUNKER = Pattern.compile("size-(\\d{1,8})");
    private static final JsonNodeFactory J = JsonNodeFactory.instance;
    private final ApiContext ctx;

    AddCommand(ApiContext ctx) {
        this.ctx = ctx;
    }

    ApiCommand command() {
        return ApiCommand.of(CommandSpec.builder("add").fileArgument("path", true)
                .option("cid-version", OptionType.INT).option("raw-leaves", OptionType.BOOL)
                .option("chunker", OptionType.STRING, "s").option("only-hash", OptionType.BOOL, "n")
                .option("hash", OptionType.STRING).option("pin", OptionType.BOOL)
                .option("quiet", OptionType.BOOL, "q").option("quieter", OptionType.BOOL, "Q")
                .option("silent", OptionType.BOOL).option("progress", OptionType.BOOL, "p")
                .option("trickle", OptionType.BOOL, "t").option("wrap-with-directory", OptionType.BOOL, "w")
                .streaming().build(), this::add);
    }

    /** The import options a request asks for, checked. */
    static ImportOptions options(ApiRequest req) {
        long version = req.integer("cid-version").orElse(0);
        if (version != 0 && version != 1) {
            throw ApiError.client("cid-version must be 0 or 1, not " + version);
        }
        ImportOptions o = ImportOptions.forCidVersion((int) version);
        if (req.bool("raw-leaves").isPresent()) {
            o = o.withRawLeaves(req.flag("raw-leaves"));
        }
        String chunker = req.string("chunker").orElse("size-" + ImportOptions.DEFAULT_CHUNK_SIZE);
        Matcher m = SIZE_CHUNKER.matcher(chunker);
        if (!m.matches()) {
            throw ApiError.client("chunker \"" + chunker + "\" is not supported; jdht chunks by size (size-<bytes>)");
        }
        int size = Integer.parseInt(m.group(1));
        if (size < 1 || size > ImportOptions.MAX_CHUNK_SIZE) {
            throw ApiError.client("chunker size must be 1.." + ImportOptions.MAX_CHUNK_SIZE + " bytes, not " + size);
        }
        String hash = req.string("hash").orElse("sha2-256");
        if (!hash.equals("sha2-256")) {
            throw ApiError.client("hash \"" + hash + "\" is not supported; jdht hashes with sha2-256");
        }
        if (req.flag("trickle")) {
            throw ApiError.client("the trickle layout is not supported; jdht builds balanced DAGs as Kubo does by default");
        }
        if (req.flag("wrap-with-directory")) {
            throw ApiError.client("wrap-with-directory is not supported: jdht adds files, not directories");
        }
        return o.withChunkSize(size);
    }

    private CompletableFuture<?> add(ApiRequest req, ApiResponse out) throws IOException {
        ImportOptions options = options(req);
        boolean onlyHash = req.flag("only-hash");
        BlockSink sink = onlyHash ? BlockSink.discard() : (cid, block) -> ctx.node().blocks().put(cid, block);
        List<ObjectNode> results = new ArrayList<>();
        List<io.jdht.multiformats.Cid> roots = new ArrayList<>();
        for (FilePart part : req.files()) {
            if (part.contentType().startsWith("application/x-directory")) {
                throw ApiError.client("adding directories is not supported: add the files one by one");
            }
            ImportResult r;
            try (InputStream in = part.open()) {
                r = UnixFsImporter.importFile(in, options, sink);
            }
            roots.add(r.root());
            ObjectNode line = J.objectNode();
            line.put("Name", name(part, r));
            line.put("Hash", r.root().toString());
            line.put("Size", Long.toString(r.dagSize()));
            results.add(line);
        }
        if (results.isEmpty()) {
            throw ApiError.missingFile("path");
        }
        if (!onlyHash) {
            req.await(ctx.durability().sync());
            announce(roots);
        }
        results.forEach(out::emit);
        return null;
    }

    /** The part's file name as the client sent it (Kubo's clients percent-encode paths), else the CID. */
    private static String name(FilePart part, ImportResult r) {
        String filename = part.filename();
        if (filename == null || filename.isEmpty()) {
            return r.root().toString();
        }
        return URLDecoder.decode(filename, StandardCharsets.UTF_8);
    }

    private void announce(List<io.jdht.multiformats.Cid> roots) {
        if (ctx.routing() == RoutingType.NONE) {
            return;
        }
        ctx.node().dht().provide(roots, QueryOptions.DEFAULT, QueryListener.NONE).whenComplete((v, e) -> {
            if (e != null) {
                LOG.info("announcing {} added files: {}", roots.size(), Lookups.unwrap(e).getMessage());
            }
        });
    }
}
