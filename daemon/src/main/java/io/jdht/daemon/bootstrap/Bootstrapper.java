package io.jdht.daemon.bootstrap;

import io.jdht.multiformats.Multiaddr;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntSupplier;

/**
 * Keeps a daemon joined to the network through its bootstrap peers.
 *
 * <p>At start it joins through the list. While no bootstrap peer answers (a machine without
 * internet, peers down) it says so once, the node keeps serving whoever reaches it, and it tries
 * again after 1 s, 2 s, 4 s, ... up to {@link #MAX_BACKOFF}. Once joined, it checks every
 * {@link #CHECK_INTERVAL} whether the routing table has fallen below {@link #MIN_PEERS} (the node
 * lost its neighbours, or the network came back) and joins again if so, as Kubo's periodic
 * bootstrap does. One attempt runs at a time.
 */
public final class Bootstrapper implements AutoCloseable {
    public static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    public static final Duration MAX_BACKOFF = Duration.ofMinutes(5);
    public static final Duration CHECK_INTERVAL = Duration.ofSeconds(30);
    /** Below this many routing-table peers the node joins again (Kubo's MinPeerThreshold is 4). */
    public static final int MIN_PEERS = 4;

    private final List<Multiaddr> peers;
    private final Function<List<Multiaddr>, CompletableFuture<Integer>> join;
    private final IntSupplier routingTableSize;
    private final ScheduledExecutorService timer;
    private final Consumer<String> notice;
    private final Object lock = new Object();
    /** Guarded by {@link #lock}. */
    private boolean running;
    private boolean closed;
    private boolean toldUnreachable;
    private Duration backoff = FIRST_BACKOFF;
    private ScheduledFuture<?> next;
    private int attempts;

    /**
     * @param peers the bootstrap list
     * @param join connects to the peers and looks up the node's own key; completes with the number of peers reached
     * @param routingTableSize the routing table's current size (read from the timer thread)
     * @param timer runs the retries and checks
     * @param notice where the user-facing messages go (the daemon's console log)
     */
    public Bootstrapper(List<Multiaddr> peers, Function<List<Multiaddr>, CompletableFuture<Integer>> join,
            IntSupplier routingTableSize, ScheduledExecutorService timer, Consumer<String> notice) {
        this.peers = List.copyOf(peers);
        this.join = Objects.requireNonNull(join);
        this.routingTableSize = Objects.requireNonNull(routingTableSize);
        this.timer = Objects.requireNonNull(timer);
        this.notice = Objects.requireNonNull(notice);
    }

    /** Makes the first attempt now; the returned future completes when it ends (joined or not). */
    public CompletableFuture<Boolean> start() {
        if (peers.isEmpty()) {
            notice.accept("no bootstrap peers configured (Bootstrap is empty): the node waits for peers to connect to it");
            return CompletableFuture.completedFuture(false);
        }
        return attempt();
    }

    /** How many join attempts have been made so far. */
    public int attempts() {
        synchronized (lock) {
            return attempts;
        }
    }

    private CompletableFuture<Boolean> attempt() {
        synchronized (lock) {
            if (running || closed) {
                return CompletableFuture.completedFuture(false);
            }
            running = true;
            attempts++;
        }
        CompletableFuture<Integer> joined;
        try {
            joined = join.apply(peers);
        } catch (RuntimeException e) {
            joined = CompletableFuture.failedFuture(e);
        }
        return joined.handle((reached, error) -> {
            boolean ok = error == null && reached != null && reached > 0;
            synchronized (lock) {
                running = false;
                if (closed) {
                    return ok;
                }
                if (ok) {
                    if (toldUnreachable) {
                        notice.accept("joined the network: " + reached + " of " + peers.size() + " bootstrap peers answered");
                    }
                    toldUnreachable = false;
                    backoff = FIRST_BACKOFF;
                    schedule(CHECK_INTERVAL, this::check);
                } else {
                    if (!toldUnreachable) {
                        notice.accept("no bootstrap peer answered (" + peers.size() + " tried"
                                + (error != null ? ": " + error.getMessage() : "")
                                + "); the node keeps serving and tries again with backoff up to every "
                                + MAX_BACKOFF.toMinutes() + " min");
                        toldUnreachable = true;
                    }
                    schedule(backoff, this::attempt);
                    backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
                }
            }
            return ok;
        });
    }

    private void check() {
        if (routingTableSize.getAsInt() < MIN_PEERS) {
            attempt();
        } else {
            synchronized (lock) {
                if (!closed) {
                    schedule(CHECK_INTERVAL, this::check);
                }
            }
        }
    }

    /** Called with {@link #lock} held. */
    private void schedule(Duration delay, Runnable task) {
        try {
            next = timer.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException shuttingDown) {
            closed = true;
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            if (next != null) {
                next.cancel(false);
            }
        }
    }
}
