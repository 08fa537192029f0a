package io.jdht.daemon.http;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * One command of the RPC API, such as {@code routing/findpeer}. The server checks the request
 * against {@link #spec()}, then calls {@link #run} on a virtual thread of its own, so the command
 * may block (waiting for a DHT operation, or in {@link ApiResponse#emit} while the client is slow).
 *
 * <p>{@code run} either does all its work before returning ({@code null} or a completed future),
 * or returns a future that completes when the work is done; the answer ends then, and output
 * after that is refused. A value the future completes with is sent as one more value ({@link
 * ApiResponse#emit}) of a streaming command, or as the answer ({@link ApiResponse#single}) of
 * another. A failure (thrown or in the future) becomes the error answer; throw {@link ApiError}
 * to choose its code, anything else is a normal error (500) with the exception's message.
 *
 * <p>When the request is cancelled the thread inside {@code run} is interrupted and the returned
 * future is cancelled. Cancelling a future does not cancel the one it was derived from ({@code
 * thenApply} and friends), so hand the DHT's own future to {@link
 * Cancellation#propagateTo} or wait for it with {@link ApiRequest#await}:
 *
 * <pre>{@code
 * CommandSpec spec = CommandSpec.builder("routing/findprovs")
 *         .argument("key")
 *         .option("num-providers", OptionType.INT, "n")
 *         .streaming()
 *         .build();
 * ApiCommand findprovs = ApiCommand.of(spec, (req, out) -> {
 *     Cid cid = parseCid(req.argument("key"));                 // throw ApiError.client(...) if bad
 *     int n = (int) req.integer("num-providers").orElse(20);
 *     List<PeerInfo> found = req.await(dht.findProvs(cid, options(n, req.remaining())));
 *     found.forEach(p -> out.emit(providerEvent(p)));          // one NDJSON line each
 *     return null;
 * });
 * }</pre>
 */
public interface ApiCommand {
    CommandSpec spec();

    CompletableFuture<?> run(ApiRequest request, ApiResponse response) throws Exception;

    /** The body of a command written as a lambda. */
    @FunctionalInterface
    interface Body {
        CompletableFuture<?> run(ApiRequest request, ApiResponse response) throws Exception;
    }

    /** A command from its spec and a lambda. */
    static ApiCommand of(CommandSpec spec, Body body) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(body, "body");
        return new ApiCommand() {
            @Override
            public CommandSpec spec() {
                return spec;
            }

            @Override
            public CompletableFuture<?> run(ApiRequest request, ApiResponse response) throws Exception {
                return body.run(request, response);
            }

            @Override
            public String toString() {
                return "ApiCommand(" + spec.path() + ")";
            }
        };
    }
}
