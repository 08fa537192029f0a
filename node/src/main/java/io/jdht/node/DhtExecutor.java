package io.jdht.node;

import io.jdht.kad.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The one thread that touches a node's DHT state. Everything that reads or changes the routing
 * table, the stores or a running lookup is submitted here, so the kad code needs no locks. It is
 * also the {@link Scheduler} the kad code sees: the node's clock plus timers on this thread.
 */
final class DhtExecutor implements Scheduler, Executor, AutoCloseable {
    private final ScheduledThreadPoolExecutor thread;
    private final InstantSource clock;

    DhtExecutor(String name, InstantSource clock) {
        this.clock = clock;
        this.thread = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        thread.setRemoveOnCancelPolicy(true);
    }

    @Override
    public Instant now() {
        return clock.instant();
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        try {
            ScheduledFuture<?> f = thread.schedule(guard(task), Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
            return () -> f.cancel(false);
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            return () -> {}; // the node is closing: timers of lookups cut short have nothing left to do
        }
    }

    @Override
    public void execute(Runnable task) {
        thread.execute(guard(task));
    }

    /** Runs a task every {@code period} on this thread until cancelled. */
    Cancellable every(Duration period, Runnable task) {
        ScheduledFuture<?> f = thread.scheduleWithFixedDelay(guard(task), period.toNanos(), period.toNanos(), TimeUnit.NANOSECONDS);
        return () -> f.cancel(false);
    }

    /** A task that throws must not kill the DHT thread's later work; it is logged instead. */
    private static Runnable guard(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                org.slf4j.LoggerFactory.getLogger(DhtExecutor.class).error("DHT task failed", e);
            }
        };
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
