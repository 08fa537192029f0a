package io.jdht.node;

import io.jdht.crypto.PeerId;
import io.jdht.kad.DhtException;
import io.jdht.kad.KadEngine;
import io.jdht.kad.PeerInfo;
import io.jdht.kad.QueryEvent;
import io.jdht.kad.QueryListener;
import io.jdht.multiformats.Cid;
import io.jdht.multiformats.Multihash;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The IPFS DHT API of a {@link Node}: {@code findPeer}, {@code findProvs}, {@code get}, {@code put},
 * {@code provide} and {@code query}. Each comes as a {@link CompletableFuture}, with a
 * {@link Callback} overload called exactly once, and with a {@link QueryListener} overload that
 * reports the lookup's progress as it happens. Failures are {@link DhtException}s (not found,
 * timeout, no peers, invalid argument, invalid record), whose messages say what was asked and how
 * far the lookup got. Futures complete on the node's callback executor, never on its DHT thread.
 *
 * <p>An operation's timeout is kept by the engine alone: it ends the lookup and the storing of
 * put and provide alike. Cancelling a future returned here (or closing the node) cancels the
 * engine's operation: its lookup sends nothing more and its requests in flight are dropped.
 */
public final class Dht {
    private final KadEngine engine;
    private final Executor dhtThread;
    private final Executor callbacks;
    private final Blockstore blocks;
    private final Duration defaultTimeout;
    private final DhtObserver observer;
    /** Futures handed out and not yet complete, failed by {@link #close}. */
    private final java.util.Set<CompletableFuture<?>> open = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    Dht(KadEngine engine, Executor dhtThread, Executor callbacks, Blockstore blocks, Duration defaultTimeout,
            DhtObserver observer) {
        this.engine = engine;
        this.observer = observer;
        this.dhtThread = dhtThread;
        this.callbacks = callbacks;
        this.blocks = blocks;
        this.defaultTimeout = defaultTimeout;
    }

    // ------------------------------------------------------------ findPeer

    /** The addresses of a peer. */
    public CompletableFuture<PeerInfo> findPeer(PeerId peer) {
        return findPeer(peer, QueryOptions.DEFAULT, QueryListener.NONE);
    }

    /** {@link #findPeer(PeerId)} with the id as text ({@code 12D3…}, {@code Qm…} or a CIDv1). */
    public CompletableFuture<PeerInfo> findPeer(String peer) {
        return attempt(() -> findPeer(peerId(peer, "peer")));
    }

    public void findPeer(PeerId peer, Callback<PeerInfo> callback) {
        deliver(findPeer(peer), callback);
    }

    public CompletableFuture<PeerInfo> findPeer(PeerId peer, QueryOptions options, QueryListener events) {
        return attempt(() -> {
            require(peer, "peer");
            Duration t = timeout(options);
            return call("findPeer", t, events, relay -> engine.findPeer(peer, t, relay));
        });
    }

    // ------------------------------------------------------------ findProvs

    /** Providers of the content a CID names (up to 20, within 60 s by default). */
    public CompletableFuture<List<PeerInfo>> findProvs(Cid cid) {
        return findProvs(cid, FindProvsOptions.DEFAULT);
    }

    public CompletableFuture<List<PeerInfo>> findProvs(Cid cid, FindProvsOptions options) {
        return attempt(() -> findProvs(require(cid, "cid").hash(), options, QueryListener.NONE));
    }

    /** {@link #findProvs(Cid)} with the CID as text. */
    public CompletableFuture<List<PeerInfo>> findProvs(String cid) {
        return attempt(() -> findProvs(cid(cid, "cid")));
    }

    public CompletableFuture<List<PeerInfo>> findProvs(Cid cid, FindProvsOptions options, QueryListener events) {
        return attempt(() -> findProvs(require(cid, "cid").hash(), options, events));
    }

    public void findProvs(Multihash hash, FindProvsOptions options, Callback<List<PeerInfo>> callback) {
        deliver(findProvs(hash, options, QueryListener.NONE), callback);
    }

    public void findProvs(Cid cid, Callback<List<PeerInfo>> callback) {
        deliver(findProvs(cid), callback);
    }

    public void findProvs(Cid cid, FindProvsOptions options, Callback<List<PeerInfo>> callback) {
        deliver(findProvs(cid, options), callback);
    }

    public CompletableFuture<List<PeerInfo>> findProvs(Multihash hash, FindProvsOptions options, QueryListener events) {
        return attempt(() -> {
            byte[] key = require(hash, "hash").toBytes();
            require(options, "options");
            return call("findProvs", options.timeout(), events,
                    relay -> engine.findProviders(key, options.maxNumProviders(), options.timeout(), relay));
        });
    }

    // ------------------------------------------------------------ get

    /** The best value stored under a key. */
    public CompletableFuture<byte[]> get(byte[] key) {
        return get(key, QueryOptions.DEFAULT, QueryListener.NONE);
    }

    /**
     * {@link #get(byte[])} with the key as text: {@code /ipns/<peer-id>} and {@code /pk/<peer-id>}
     * in their binary form, anything else as UTF-8 ({@link DhtKeys#parse}).
     */
    public CompletableFuture<byte[]> get(String key) {
        return attempt(() -> get(DhtKeys.parse(require(key, "key"))));
    }

    public CompletableFuture<byte[]> get(byte[] key, QueryOptions options) {
        return get(key, options, QueryListener.NONE);
    }

    public void get(byte[] key, Callback<byte[]> callback) {
        deliver(get(key), callback);
    }

    public CompletableFuture<byte[]> get(byte[] key, QueryOptions options, QueryListener events) {
        return attempt(() -> {
            byte[] k = key(key);
            Duration t = timeout(options);
            if (options.quorum().isPresent()) {
                int quorum = options.quorum().getAsInt();
                return call("get", t, events, relay -> engine.getValue(k, t, quorum, relay));
            }
            return call("get", t, events, relay -> engine.getValue(k, t, relay));
        });
    }

    // ------------------------------------------------------------ put

    /** Stores a value under a key, here and at the closest peers. */
    public CompletableFuture<Void> put(byte[] key, byte[] value) {
        return putAndCount(key, value, QueryOptions.DEFAULT, QueryListener.NONE).thenApply(n -> null);
    }

    public void put(byte[] key, byte[] value, Callback<Void> callback) {
        deliver(put(key, value), callback);
    }

    public CompletableFuture<Void> put(byte[] key, byte[] value, QueryOptions options, QueryListener events) {
        return putAndCount(key, value, options, events).thenApply(n -> null);
    }

    /** {@link #put}, completing with the number of peers that confirmed storing the record. */
    public CompletableFuture<Integer> putAndCount(byte[] key, byte[] value, QueryOptions options, QueryListener events) {
        return attempt(() -> {
            byte[] k = key(key);
            byte[] v = require(value, "value").clone();
            Duration t = timeout(options);
            return call("put", t, events, relay -> engine.putValue(k, v, t, options.publish(), relay));
        });
    }

    // ------------------------------------------------------------ provide

    /** Announces that this node provides the blocks these CIDs name; every block must be held locally. */
    public CompletableFuture<Void> provide(Cid... cids) {
        return attempt(() -> provide(Arrays.asList(require(cids, "cids"))));
    }

    public CompletableFuture<Void> provide(List<Cid> cids) {
        return provide(cids, QueryOptions.DEFAULT, QueryListener.NONE);
    }

    /** {@link #provide(Cid...)} with the CIDs as text; one that does not parse fails the whole call. */
    public CompletableFuture<Void> provide(String... cids) {
        return attempt(() -> {
            List<Cid> parsed = new ArrayList<>();
            for (int i = 0; i < require(cids, "cids").length; i++) {
                parsed.add(cid(cids[i], "cids[" + i + "]"));
            }
            return provide(parsed);
        });
    }

    public void provide(Cid cid, Callback<Void> callback) {
        deliver(provide(cid), callback);
    }

    public void provide(List<Cid> cids, Callback<Void> callback) {
        deliver(provide(cids), callback);
    }

    public CompletableFuture<Void> provide(List<Cid> cids, QueryOptions options, QueryListener events) {
        return provideAndCount(cids, options, events).thenApply(n -> null);
    }

    /**
     * {@link #provide}, completing with, per CID in order, the number of peers the announcement
     * reached. All-or-nothing: if any block is missing, nothing is announced.
     */
    public CompletableFuture<List<Integer>> provideAndCount(List<Cid> cids, QueryOptions options, QueryListener events) {
        return attempt(() -> provideChecked(cids, options, events));
    }

    /** Checks every CID before announcing any: all or nothing. */
    private CompletableFuture<List<Integer>> provideChecked(List<Cid> cids, QueryOptions options, QueryListener events) {
        List<Cid> list = checkCids(cids);
        for (Cid cid : list) {
            if (!blocks.has(cid)) {
                throw new DhtException.NotFound("block " + cid + " not found locally, cannot provide");
            }
        }
        Duration t = timeout(options);
        return call("provide", t, events, relay -> {
            List<CompletableFuture<Integer>> each = new ArrayList<>();
            for (Cid cid : list) {
                each.add(engine.provide(cid.hash().toBytes(), t, options.publish(), relay));
            }
            CompletableFuture<List<Integer>> all = CompletableFuture.allOf(each.toArray(CompletableFuture[]::new))
                    .thenApply(v -> each.stream().map(CompletableFuture::join).toList());
            all.whenComplete((v, e) -> {
                if (all.isCancelled()) {
                    each.forEach(f -> f.cancel(false));
                }
            });
            return all;
        });
    }

    private static List<Cid> checkCids(List<Cid> cids) {
        if (cids == null) {
            throw new DhtException.InvalidArgument("cids must not be null");
        }
        if (cids.isEmpty()) {
            throw new DhtException.InvalidArgument("cids must name at least one CID");
        }
        List<Cid> out = new ArrayList<>(cids.size());
        for (int i = 0; i < cids.size(); i++) {
            Object c = cids.get(i);
            if (!(c instanceof Cid cid)) {
                throw new DhtException.InvalidArgument("cids[" + i + "] is not a CID: " + c);
            }
            out.add(cid);
        }
        return out;
    }

    // ------------------------------------------------------------ query

    /** The peers closest to a peer id (up to 20), found by a lookup. */
    public CompletableFuture<List<PeerInfo>> query(PeerId peer) {
        return query(peer, QueryOptions.DEFAULT, QueryListener.NONE);
    }

    /** {@link #query(PeerId)} with the id as text. */
    public CompletableFuture<List<PeerInfo>> query(String peer) {
        return attempt(() -> query(peerId(peer, "peer")));
    }

    public void query(PeerId peer, Callback<List<PeerInfo>> callback) {
        deliver(query(peer), callback);
    }

    public CompletableFuture<List<PeerInfo>> query(PeerId peer, QueryOptions options, QueryListener events) {
        return attempt(() -> {
            require(peer, "peer");
            Duration t = timeout(options);
            return call("query", t, events, relay -> engine.closestPeers(peer.toBytes(), t, relay).thenApply(KadEngine.ClosestPeers::peers));
        });
    }

    // ------------------------------------------------------------ plumbing

    /**
     * Runs an operation on the DHT thread and hands its events and then its result to the callback
     * executor, in order, through one serial queue per operation. No timer here: the engine ends
     * the operation at its deadline. When the returned future completes first (the user cancelled
     * it, or the node closed), the engine's future is cancelled, which stops the operation.
     */
    private <T> CompletableFuture<T> call(String name, Duration timeout, QueryListener events,
            java.util.function.Function<QueryListener, CompletableFuture<T>> op) {
        require(events, "events");
        if (closed) {
            return CompletableFuture.failedFuture(closedError());
        }
        SerialExecutor toUser = new SerialExecutor(callbacks);
        CompletableFuture<T> result = track(new CompletableFuture<>());
        long started = System.nanoTime();
        result.whenComplete((v, e) -> observer.completed(name, Duration.ofNanos(System.nanoTime() - started), outcome(e)));
        // cancelling the returned future (or the node failing it) stops the lookup at its next step
        QueryListener relay = new QueryListener() {
            @Override
            public void onEvent(QueryEvent event) {
                if (events != QueryListener.NONE) {
                    toUser.execute(() -> events.onEvent(event));
                }
            }

            @Override
            public boolean cancelled() {
                return result.isDone();
            }
        };
        CompletableFuture<T> running;
        try {
            running = CompletableFuture.supplyAsync(() -> {
                CompletableFuture<T> engine = op.apply(relay);
                // once the engine's future exists: the user cancelling (or close failing) ours cancels it
                result.whenComplete((v, e) -> engine.cancel(false));
                return engine;
            }, dhtThread).thenCompose(f -> f);
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(closedError());
            return result;
        }
        running.whenComplete((v, e) -> handOver(toUser, () -> {
            if (e == null) {
                result.complete(v);
            } else {
                result.completeExceptionally(unwrap(e, timeout));
            }
        }));
        return result;
    }

    /**
     * Completes a future handed to the user off the DHT thread, and makes sure {@link #close}
     * fails it if the node goes away first: a future from this API always completes.
     */
    <T> CompletableFuture<T> deliver(CompletableFuture<T> inner) {
        if (closed) {
            return CompletableFuture.failedFuture(closedError());
        }
        CompletableFuture<T> result = track(new CompletableFuture<>());
        inner.whenComplete((v, e) -> handOver(callbacks, () -> {
            if (e == null) {
                result.complete(v);
            } else {
                result.completeExceptionally(unwrap(e, defaultTimeout));
            }
        }));
        return result;
    }

    private <T> CompletableFuture<T> track(CompletableFuture<T> f) {
        open.add(f);
        f.whenComplete((v, e) -> open.remove(f));
        return f;
    }

    /** Runs a completion on the user's executor; if that is shut down, right here rather than never. */
    private static void handOver(java.util.concurrent.Executor executor, Runnable completion) {
        try {
            executor.execute(completion);
        } catch (RejectedExecutionException e) {
            completion.run();
        }
    }

    /** How an operation ended, as {@link DhtObserver} names it. */
    private static String outcome(Throwable e) {
        if (e == null) {
            return "ok";
        }
        Throwable t = e;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return switch (t) {
            case DhtException.NotFound x -> "not_found";
            case DhtException.Timeout x -> "timeout";
            case DhtException.NoPeers x -> "no_peers";
            case DhtException.InvalidArgument x -> "invalid";
            case DhtException.InvalidRecord x -> "invalid";
            case DhtException.Closed x -> "closed";
            case java.util.concurrent.CancellationException x -> "cancelled";
            case TimeoutException x -> "timeout";
            default -> "error";
        };
    }

    /** Fails every operation still running: the node is closing. Later calls fail at once. */
    void close() {
        closed = true;
        for (CompletableFuture<?> f : List.copyOf(open)) {
            f.completeExceptionally(closedError());
        }
    }

    private static DhtException.Closed closedError() {
        return new DhtException.Closed("the node was closed before the operation finished");
    }

    private static Throwable unwrap(Throwable e, Duration timeout) {
        Throwable t = e;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof TimeoutException) {
            return new DhtException.Timeout("the operation did not finish within " + timeout.toMillis() + " ms");
        }
        return t;
    }

    /**
     * Argument errors (and anything else thrown before the operation starts, such as a failing
     * blockstore) become a failed future, as a rejected promise would be, not a throw.
     */
    private static <T> CompletableFuture<T> attempt(Supplier<CompletableFuture<T>> op) {
        try {
            return op.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private <T> void deliver(CompletableFuture<T> future, Callback<T> callback) {
        Objects.requireNonNull(callback, "callback");
        future.whenComplete((v, e) -> {
            if (e == null) {
                callback.done(null, v);
            } else {
                callback.done(unwrap(e, defaultTimeout), null);
            }
        });
    }

    private Duration timeout(QueryOptions options) {
        return require(options, "options").timeout().orElse(defaultTimeout);
    }

    private static byte[] key(byte[] key) {
        if (require(key, "key").length == 0) {
            throw new DhtException.InvalidArgument("key must not be empty");
        }
        if (key.length > io.jdht.kad.wire.KadCodec.MAX_KEY_BYTES) {
            throw new DhtException.InvalidArgument("key of " + key.length + " bytes is longer than "
                    + io.jdht.kad.wire.KadCodec.MAX_KEY_BYTES);
        }
        return key.clone();
    }

    private static PeerId peerId(String text, String name) {
        try {
            return PeerId.parse(require(text, name));
        } catch (DhtException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new DhtException.InvalidArgument(name + " \"" + text + "\" is not a peer id: " + e.getMessage(), e);
        }
    }

    private static Cid cid(String text, String name) {
        try {
            return Cid.parse(require(text, name));
        } catch (DhtException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new DhtException.InvalidArgument(name + " \"" + text + "\" is not a CID: " + e.getMessage(), e);
        }
    }

    private static <T> T require(T value, String name) {
        if (value == null) {
            throw new DhtException.InvalidArgument(name + " must not be null");
        }
        return value;
    }
}
