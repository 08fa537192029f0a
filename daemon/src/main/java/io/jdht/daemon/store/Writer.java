package io.jdht.daemon.store;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that writes the store. Every change arrives as a journal entry (a small task
 * against the maps) from whatever thread made it, mostly the DHT thread, which must never wait
 * for a disk. The thread applies entries in the order they came, in batches, and commits after
 * each batch; a {@link #sync()} marker in the queue completes once everything queued before it is
 * committed. Many puts waiting on their syncs thus share one commit.
 *
 * <p>A failed write or commit stops the writer for good: MVStore closes the store on a write error,
 * and a store that silently drops later changes would break the durability rule. Every sync from
 * then on fails with {@link DatastoreException.WriteFailed}, so nothing more is acknowledged.
 */
final class Writer {
    private static final Logger LOG = LoggerFactory.getLogger(Writer.class);
    /** Entries applied between two commits, at most: bounds a commit's size and a sync's wait. */
    private static final int MAX_BATCH = 10_000;
    /** How long the writer sleeps when idle before it looks at its housekeeping. */
    private static final Duration IDLE_POLL = Duration.ofSeconds(1);
    /** The commit marker is rewritten at most this often (and at close). */
    private static final Duration MARKER_INTERVAL = Duration.ofSeconds(1);
    /** How often, at most, partly empty chunks are rewritten so the file does not keep growing. */
    static final Duration COMPACT_INTERVAL = Duration.ofMinutes(5);
    /** How long close may spend compacting within the file, before the copy of {@link StoreFile#compactIfSparse}. */
    static final int CLOSE_COMPACTION_MILLIS = 2_000;
    /** How long close waits for the queue to drain before it gives up on what is left. */
    private static final Duration DRAIN_LIMIT = Duration.ofMinutes(2);

    private final StoreFile file;
    private final MVStore store;
    private final Executor completions;
    private final Duration compactInterval;
    private final LinkedBlockingQueue<Entry> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean closing;
    /** Set once, on the writer thread, when a write failed; read by any thread. */
    private volatile DatastoreException failure;
    /** Writer thread only. */
    private long lastCommitted;
    private long markedVersion;
    private long lastMarkerNanos;
    private long lastCompactNanos = System.nanoTime();
    private boolean dirtySinceCompact;

    private sealed interface Entry permits Change, Sync, Stop {}

    private record Change(Runnable apply) implements Entry {}

    private record Sync(CompletableFuture<Void> done) implements Entry {}

    private record Stop() implements Entry {}

    Writer(StoreFile file, Executor completions, Duration compactInterval) {
        this.file = file;
        this.compactInterval = compactInterval;
        this.store = file.store;
        this.completions = completions;
        this.lastCommitted = store.getCurrentVersion();
        this.thread = Thread.ofPlatform().name("jdht-datastore-writer").daemon(true).unstarted(this::run);
        thread.start();
    }

    /**
     * Queues a change; it never blocks and never touches the disk. After {@link #close} (or a
     * failure) the change is dropped: the store is no longer written, and syncs say so.
     */
    void submit(Runnable change) {
        if (closing || failure != null) {
            if (dropped.incrementAndGet() == 1) {
                LOG.warn("datastore {} takes no more changes ({}); dropping them", file.file,
                        failure != null ? "a write failed" : "it is closed");
            }
            return;
        }
        queue.add(new Change(change));
    }

    /**
     * Completes once every change queued before this call is committed to the file (on the
     * completion executor, never the writer thread); fails if the store failed or is closed.
     */
    CompletableFuture<Void> sync() {
        DatastoreException failed = failure;
        if (failed != null) {
            return CompletableFuture.failedFuture(failed);
        }
        if (closing) {
            return CompletableFuture.failedFuture(new DatastoreException.Closed(file.file));
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        queue.add(new Sync(done));
        return done.whenCompleteAsync((v, e) -> {}, completions);
    }

    /** Queues a change and waits until it is committed; for callers that may block (never the DHT thread). */
    void write(Runnable change) {
        if (failure != null) {
            throw failure;
        }
        if (closing) {
            throw new DatastoreException.Closed(file.file);
        }
        submit(change);
        await(sync());
    }

    void await(CompletableFuture<Void> sync) {
        try {
            sync.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DatastoreException.WriteFailed(file.file,
                    new InterruptedException("interrupted while waiting for the commit; the change may or may not be saved"));
        } catch (ExecutionException e) {
            throw e.getCause() instanceof DatastoreException d ? d : new DatastoreException.WriteFailed(file.file, e.getCause());
        }
    }

    /** Changes queued and not yet applied. */
    int pending() {
        return queue.size();
    }

    /** Stops taking changes, applies and commits those queued, then stops the thread. Idempotent. */
    void close() {
        if (!closing) {
            closing = true;
            queue.add(new Stop());
        }
        try {
            thread.join(DRAIN_LIMIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.error("datastore {}: the writer did not drain its queue within {}; {} changes are not saved",
                    file.file, DRAIN_LIMIT, queue.size());
        }
    }

    // ------------------------------------------------------------ the writer thread

    private void run() {
        List<CompletableFuture<Void>> synced = new ArrayList<>();
        boolean stop = false;
        while (!stop) {
            Entry first;
            try {
                first = queue.poll(IDLE_POLL.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                continue; // only close() stops this thread, through its Stop entry
            }
            if (first == null) {
                idle();
                continue;
            }
            Entry next = first;
            for (int n = 0; n < MAX_BATCH && next != null; n++) {
                switch (next) {
                    case Change c -> apply(c);
                    case Sync s -> synced.add(s.done());
                    case Stop x -> stop = true;
                }
                if (stop) {
                    break;
                }
                next = n + 1 < MAX_BATCH ? queue.poll() : null;
            }
            commit();
            for (CompletableFuture<Void> f : synced) {
                if (failure != null) {
                    f.completeExceptionally(failure);
                } else {
                    f.complete(null);
                }
            }
            synced.clear();
            markIfDue(false);
        }
        finish();
    }

    private void apply(Change c) {
        if (failure != null) {
            return;
        }
        try {
            c.apply().run();
            dirtySinceCompact = true;
        } catch (RuntimeException e) {
            fail(e);
        }
    }

    private void commit() {
        if (failure != null || !store.hasUnsavedChanges()) {
            return;
        }
        try {
            long v = store.commit();
            if (v > 0) {
                lastCommitted = v;
            }
        } catch (RuntimeException e) {
            fail(e);
        }
    }

    /** Nothing queued: keep the marker current and, now and then, compact. */
    private void idle() {
        markIfDue(false);
        if (failure == null && dirtySinceCompact && System.nanoTime() - lastCompactNanos >= compactInterval.toNanos()) {
            lastCompactNanos = System.nanoTime();
            dirtySinceCompact = false;
            try {
                store.compact(50, 4 << 20);
                commit();
            } catch (RuntimeException e) {
                fail(e);
            }
        }
    }

    private void markIfDue(boolean force) {
        if (failure != null || lastCommitted == markedVersion) {
            return;
        }
        if (!force && System.nanoTime() - lastMarkerNanos < MARKER_INTERVAL.toNanos()) {
            return;
        }
        try {
            file.writeMarker(lastCommitted);
            markedVersion = lastCommitted;
            lastMarkerNanos = System.nanoTime();
        } catch (IOException e) {
            // the marker only guards against a damaged file; the data itself is committed
            LOG.warn("datastore {}: could not update the commit marker: {}", file.file, e.toString());
        }
    }

    private void fail(RuntimeException e) {
        if (failure == null) {
            failure = new DatastoreException.WriteFailed(file.file, e);
            LOG.error("datastore {}: a write failed; nothing more will be saved until it is reopened", file.file, e);
        }
    }

    /** The last commit, the marker, and the file closed. */
    private void finish() {
        commit();
        try {
            if (failure == null) {
                int fillRate = store.getFileStore().getChunksFillRate();
                store.close(CLOSE_COMPACTION_MILLIS);
                markIfDue(true);
                file.compactIfSparse(fillRate);
            } else {
                store.closeImmediately();
            }
        } catch (RuntimeException e) {
            LOG.error("datastore {}: closing the file failed", file.file, e);
        }
        for (Entry left = queue.poll(); left != null; left = queue.poll()) {
            if (left instanceof Sync s) {
                s.done().completeExceptionally(new DatastoreException.Closed(file.file));
            }
        }
    }
}
