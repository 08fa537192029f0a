package io.jdht.daemon.http;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** Commands that exist only for the tests, and what they report back to the test that calls them. */
final class TestCommands {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** test/stream waits here after its values when asked to {@code hold}. */
    final CountDownLatch gate = new CountDownLatch(1);
    /** test/stream sets this when it is about to return. */
    final CompletableFuture<Void> streamDone = new CompletableFuture<>();
    /** The slow commands complete this once they run. */
    final CompletableFuture<Void> started = new CompletableFuture<>();
    /** The slow commands complete this with the reason they saw when cancelled. */
    final CompletableFuture<Cancellation.Reason> cancelled = new CompletableFuture<>();
    /** The future test/slow-async returned, or test/await waited for. */
    final AtomicReference<CompletableFuture<Object>> pendingFuture = new AtomicReference<>();
    /** test/flood: its thread and how many values it has emitted. */
    final AtomicReference<Thread> floodThread = new AtomicReference<>();
    final AtomicInteger floodEmitted = new AtomicInteger();
    /** test/upload: the temporary files its parts were in, and whether they existed during the run. */
    final List<Path> uploadFiles = new CopyOnWriteArrayList<>();

    /** The router {@link #router()} made last, to add commands to a running server. */
    volatile ApiRouter lastRouter;

    ApiRouter router() {
        return lastRouter = new ApiRouter()
                .add(echo())
                .add(variadic())
                .add(stream())
                .add(fail())
                .add(crash())
                .add(slow())
                .add(slowAsync())
                .add(awaiting())
                .add(upload())
                .add(raw())
                .add(empty())
                .add(asyncSingle())
                .add(flood())
                .page("/debug/metrics/prometheus", () -> new Page(Page.PROMETHEUS_TEXT,
                        "# TYPE jdht_test gauge\njdht_test 1\n".getBytes(StandardCharsets.UTF_8)));
    }

    /** Answers with everything it was given. */
    private ApiCommand echo() {
        CommandSpec spec = CommandSpec.builder("test/echo")
                .argument("key")
                .optionalArgument("extra")
                .option("verbose", OptionType.BOOL, "v")
                .option("count", OptionType.INT, "n")
                .option("tag", OptionType.STRINGS)
                .option("wait", OptionType.DURATION)
                .build();
        return ApiCommand.of(spec, (req, out) -> {
            ObjectNode n = JSON.objectNode();
            n.put("key", req.argument("key"));
            n.put("extra", req.argument("extra"));
            n.put("verbose", req.flag("verbose"));
            req.integer("count").ifPresent(c -> n.put("count", c));
            req.strings("tag").forEach(n.putArray("tags")::add);
            req.duration("wait").ifPresent(d -> n.put("wait", d.toString()));
            req.timeout().ifPresent(d -> n.put("timeout", d.toString()));
            req.string("color").ifPresent(c -> n.put("color", c)); // not declared
            req.integer("depth").ifPresent(d -> n.put("depth", d)); // not declared either: parsed here
            out.single(n);
            return null;
        });
    }

    private ApiCommand variadic() {
        CommandSpec spec = CommandSpec.builder("test/provide").variadicArgument("cid", true).build();
        return ApiCommand.of(spec, (req, out) -> CompletableFuture.completedFuture(Map.of("cids", req.argumentValues("cid"))));
    }

    /** Emits {@code count} values, optionally waits for the gate, then returns one more value. */
    private ApiCommand stream() {
        CommandSpec spec = CommandSpec.builder("test/stream")
                .option("count", OptionType.INT)
                .option("hold", OptionType.BOOL)
                .streaming()
                .build();
        return ApiCommand.of(spec, (req, out) -> {
            long count = req.integer("count").orElse(3);
            for (int i = 0; i < count; i++) {
                out.emit(Map.of("n", i));
            }
            if (req.flag("hold")) {
                gate.await();
            }
            streamDone.complete(null);
            return CompletableFuture.completedFuture(Map.of("n", "last"));
        });
    }

    /** Emits {@code after} values, then fails with "boom" (a client error if {@code client}). */
    private ApiCommand fail() {
        CommandSpec spec = CommandSpec.builder("test/fail")
                .option("after", OptionType.INT)
                .option("client", OptionType.BOOL)
                .streaming()
                .build();
        return ApiCommand.of(spec, (req, out) -> {
            for (int i = 0; i < req.integer("after").orElse(0); i++) {
                out.emit(Map.of("n", i));
            }
            throw req.flag("client") ? ApiError.client("boom") : ApiError.normal("boom");
        });
    }

    private ApiCommand crash() {
        return ApiCommand.of(CommandSpec.builder("test/crash").build(), (req, out) -> {
            throw new IllegalStateException("kaput\nsecond line");
        });
    }

    /** Emits {@code emit} values, then sleeps until interrupted by cancellation. */
    private ApiCommand slow() {
        CommandSpec spec = CommandSpec.builder("test/slow").option("emit", OptionType.INT).streaming().build();
        return ApiCommand.of(spec, (req, out) -> {
            for (int i = 0; i < req.integer("emit").orElse(0); i++) {
                out.emit(Map.of("n", i));
            }
            started.complete(null);
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                cancelled.complete(req.cancellation().reason().orElse(null));
                throw e;
            }
            return null;
        });
    }

    /** Returns a future that never completes on its own. */
    private ApiCommand slowAsync() {
        return ApiCommand.of(CommandSpec.builder("test/slow-async").build(), (req, out) -> {
            CompletableFuture<Object> f = new CompletableFuture<>();
            f.whenComplete((v, t) -> cancelled.complete(req.cancellation().reason().orElse(null)));
            pendingFuture.set(f);
            started.complete(null);
            return f;
        });
    }

    /** Blocks in {@link ApiRequest#await} on a future that never completes on its own. */
    private ApiCommand awaiting() {
        return ApiCommand.of(CommandSpec.builder("test/await").build(), (req, out) -> {
            CompletableFuture<Object> f = new CompletableFuture<>();
            pendingFuture.set(f);
            started.complete(null);
            try {
                return CompletableFuture.completedFuture(req.await(f));
            } finally {
                cancelled.complete(req.cancellation().reason().orElse(null));
            }
        });
    }

    /** Describes each uploaded part: name, size, SHA-256, and whether it sat in a temporary file. */
    private ApiCommand upload() {
        CommandSpec spec = CommandSpec.builder("test/upload").fileArgument("data", true).build();
        return ApiCommand.of(spec, (req, out) -> {
            ObjectNode n = JSON.objectNode();
            var parts = n.putArray("parts");
            for (FilePart p : req.files()) {
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                try (InputStream in = p.open()) {
                    byte[] buf = new byte[64 * 1024];
                    for (int r; (r = in.read(buf)) > 0; ) {
                        sha.update(buf, 0, r);
                    }
                }
                p.path().ifPresent(uploadFiles::add);
                parts.addObject()
                        .put("name", p.name())
                        .put("filename", p.filename())
                        .put("contentType", p.contentType())
                        .put("size", p.size())
                        .put("sha256", HexFormat.of().formatHex(sha.digest()))
                        .put("onDisk", p.path().map(Files::exists).orElse(false));
            }
            out.single(n);
            return null;
        });
    }

    private ApiCommand raw() {
        return ApiCommand.of(CommandSpec.builder("test/raw").build(), (req, out) -> {
            out.raw("hello raw\n".getBytes(StandardCharsets.UTF_8));
            out.raw(new byte[] {0, 1, 2, (byte) 0xff});
            return null;
        });
    }

    private ApiCommand empty() {
        return ApiCommand.of(CommandSpec.builder("test/empty").streaming().build(), (req, out) -> null);
    }

    private ApiCommand asyncSingle() {
        return ApiCommand.of(CommandSpec.builder("test/async-single").build(),
                (req, out) -> CompletableFuture.supplyAsync(() -> Map.of("ID", "12D3KooWtest")));
    }

    /** One value of test/flood; a record keeps the field order on the wire. */
    record Flood(int n, String pad) {}

    /** Emits {@code count} values of about {@code size} bytes as fast as it may. */
    private ApiCommand flood() {
        CommandSpec spec = CommandSpec.builder("test/flood")
                .option("count", OptionType.INT)
                .option("size", OptionType.INT)
                .streaming()
                .build();
        return ApiCommand.of(spec, (req, out) -> {
            floodThread.set(Thread.currentThread());
            String filler = "x".repeat((int) req.integer("size").orElse(1024));
            for (int i = 0; i < req.integer("count").orElse(10); i++) {
                out.emit(new Flood(i, filler));
                floodEmitted.incrementAndGet();
            }
            return null;
        });
    }
}
