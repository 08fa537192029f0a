package io.jdht.daemon.api;

import io.jdht.daemon.config.RoutingType;
import io.jdht.daemon.http.ApiError;
import io.jdht.daemon.http.ApiRequest;
import io.jdht.daemon.http.ApiResponse;
import io.jdht.kad.DhtException;
import io.jdht.node.QueryOptions;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * What the routing commands share: the time budget of a lookup, waiting for it, and Kubo's way of
 * reporting one that found nothing: the answer is still 200 with the lookup's events, a last
 * QueryError (Type 3, no peer) says why, and the same text goes into the {@code X-Stream-Error}
 * trailer. kubo-rpc-client, which does not read trailers, then yields a {@code QUERY_ERROR}.
 */
final class Lookups {
    /** The lookup ends this much before the request's own deadline, so its failure can still be reported as an event. */
    private static final Duration REPORTING_MARGIN = Duration.ofMillis(100);
    static final String NOT_FOUND = "routing: not found";

    private Lookups() {}

    /** Fails with Kubo's offline-style error when routing is off. */
    static void requireRouting(ApiContext ctx) {
        if (ctx.routing() == RoutingType.NONE) {
            throw ApiError.normal("routing is turned off (Routing.Type is none)");
        }
    }

    /** The lookup's budget: the request's remaining time less a margin, else the configured default. */
    static Duration budget(ApiContext ctx, ApiRequest req) {
        return req.remaining().map(r -> {
            Duration d = r.compareTo(REPORTING_MARGIN.multipliedBy(2)) > 0 ? r.minus(REPORTING_MARGIN) : r.dividedBy(2);
            return d.isZero() || d.isNegative() ? Duration.ofMillis(1) : d;
        }).orElse(ctx.defaultTimeout());
    }

    static QueryOptions options(ApiContext ctx, ApiRequest req) {
        return QueryOptions.timeout(budget(ctx, req));
    }

    /**
     * Waits for a DHT operation (cancelling it if the request goes away). A lookup that found
     * nothing or ran out of time becomes the final QueryError event and the trailer; an invalid
     * argument a client error; anything else a normal error.
     */
    static <T> T await(ApiRequest req, ApiResponse out, CompletableFuture<T> operation) {
        return await(req, out, operation, null);
    }

    /**
     * {@link #await}, sending the events {@code held} kept back before the failure is reported,
     * so a lookup that found nothing still shows what it did.
     */
    static <T> T await(ApiRequest req, ApiResponse out, CompletableFuture<T> operation, EventRelay held) {
        try {
            return req.await(operation);
        } catch (CancellationException e) {
            throw e;
        } catch (RuntimeException e) {
            Throwable cause = unwrap(e);
            if (held != null && !(cause instanceof ApiError) && !(cause instanceof DhtException.InvalidArgument)) {
                held.release();
            }
            throw report(out, cause);
        }
    }

    /**
     * Waits for an operation of a command that answers one value ({@code name/resolve}, {@code id}):
     * a failure is the whole answer, 500 (400 for a bad argument), with no events.
     */
    static <T> T awaitSingle(ApiRequest req, CompletableFuture<T> operation) {
        try {
            return req.await(operation);
        } catch (CancellationException e) {
            throw e;
        } catch (RuntimeException e) {
            throw errorFor(unwrap(e));
        }
    }

    /** Turns a failed operation into the error to throw, emitting the final QueryError where Kubo would. */
    static ApiError report(ApiResponse out, Throwable cause) {
        ApiError error = errorFor(cause);
        boolean lookupFailed = cause instanceof DhtException.Timeout || cause instanceof DhtException.NotFound
                || cause instanceof DhtException.NoPeers;
        if (lookupFailed && out.isOpen()) {
            try {
                out.emit(QueryEventJson.error(null, error.getMessage()));
            } catch (IllegalStateException gone) { // a CancellationException too
                // ended meanwhile; the error itself is all there is to say
            }
        }
        return error;
    }

    /** The API error for a failed operation: a bad argument is the client's, the rest Kubo's normal error. */
    static ApiError errorFor(Throwable cause) {
        return switch (cause) {
            case ApiError e -> e;
            case DhtException.InvalidArgument e -> ApiError.client(e.getMessage());
            case DhtException.Timeout e -> ApiError.deadlineExceeded();
            case DhtException.NotFound e -> ApiError.normal(NOT_FOUND);
            case DhtException.NoPeers e -> ApiError.normal(NOT_FOUND + " (" + e.getMessage() + ")");
            default -> ApiError.normal(cause.getMessage() == null ? cause.toString() : cause.getMessage());
        };
    }

    static Throwable unwrap(Throwable t) {
        Throwable c = t;
        while ((c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }
}
