package io.jdht.kad;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The life of one {@link KadEngine} operation, and the one place that owns its time. It holds the
 * operation's deadline (a {@link Scheduler} timer armed when the operation starts), the request
 * futures it has out, and the future handed to the caller. Whichever comes first ends it all:
 *
 * <ul>
 *   <li>the work finishes: the caller's future gets its result;
 *   <li>the deadline passes: the phase running then decides how the operation ends (a lookup stops
 *       with what it has, the store phase with the peers that confirmed so far);
 *   <li>the caller cancels (or otherwise completes) its future: no new request is sent, and the
 *       lookup and the store phase stop.
 * </ul>
 *
 * Then every request still out is cancelled, which tells the {@link KadNetwork} to drop its stream.
 * Everything runs on the DHT thread except the caller's cancel, which is handed over to it with a
 * zero-delay timer.
 */
final class Operation {
    private final Scheduler scheduler;
    private final QueryListener listener;
    /** When the operation ends, whatever phase it is in. */
    final Instant deadline;
    /** In the order sent, so that ending an operation cancels them in an order that does not depend on identity hashes (a simulation must replay exactly). */
    private final Set<CompletableFuture<?>> inFlight = new java.util.LinkedHashSet<>();
    private final List<Scheduler.Cancellable> timers = new ArrayList<>();
    private final List<Runnable> onEnd = new ArrayList<>();
    private Scheduler.Cancellable deadlineTimer;
    private Runnable atDeadline = () -> {};
    private volatile CompletableFuture<?> caller;
    /** The work completed the caller's future itself (so this is the DHT thread). */
    private volatile boolean byWork;
    private boolean ended;

    Operation(Scheduler scheduler, QueryListener listener, Duration timeout) {
        this.scheduler = scheduler;
        this.listener = listener;
        this.deadline = scheduler.now().plus(timeout);
        armDeadline();
    }

    private void armDeadline() {
        Duration left = Duration.between(scheduler.now(), deadline);
        deadlineTimer = scheduler.schedule(left.isNegative() ? Duration.ZERO : left, () -> {
            if (ended) {
                return;
            }
            if (!pastDeadline()) {
                armDeadline(); // the timer ran ahead of the clock: every phase reads the clock
                return;
            }
            atDeadline.run();
        });
    }

    /** Whether the asker has gone: the operation ended, its future is done, or the listener says so. */
    boolean cancelled() {
        CompletableFuture<?> c = caller;
        return ended || (c != null && c.isDone()) || listener.cancelled();
    }

    boolean pastDeadline() {
        return !scheduler.now().isBefore(deadline);
    }

    /** What the running phase does when the deadline passes (replaces the previous phase's). */
    void atDeadline(Runnable action) {
        this.atDeadline = action;
    }

    /** Runs once when the operation ends, however it ends. */
    void onEnd(Runnable action) {
        if (ended) {
            action.run();
        } else {
            onEnd.add(action);
        }
    }

    /** A request the operation waits on: cancelled if the operation ends first. */
    <T> CompletableFuture<T> track(CompletableFuture<T> request) {
        if (ended) {
            request.cancel(false);
            return request;
        }
        if (!request.isDone()) {
            inFlight.add(request);
            request.whenComplete((v, e) -> inFlight.remove(request));
        }
        return request;
    }

    /** A timer that is cancelled if the operation ends first, and never runs after it. */
    void schedule(Duration delay, Runnable task) {
        if (ended) {
            return;
        }
        timers.add(scheduler.schedule(delay, () -> {
            if (!ended) {
                task.run();
            }
        }));
    }

    /**
     * The future for the caller, completed by {@code work}. Completing or cancelling it from
     * outside ends the operation.
     */
    <T> CompletableFuture<T> result(CompletableFuture<T> work) {
        CompletableFuture<T> out = new CompletableFuture<>();
        caller = out;
        work.whenComplete((v, e) -> {
            byWork = true;
            if (e == null) {
                out.complete(v);
            } else {
                out.completeExceptionally(e instanceof CompletionException && e.getCause() != null ? e.getCause() : e);
            }
            end();
        });
        out.whenComplete((v, e) -> {
            if (!byWork) {
                scheduler.schedule(Duration.ZERO, this::end); // a cancel comes from the caller's thread
            }
        });
        return out;
    }

    private void end() {
        if (ended) {
            return;
        }
        ended = true;
        deadlineTimer.cancel();
        timers.forEach(Scheduler.Cancellable::cancel);
        timers.clear();
        onEnd.forEach(Runnable::run);
        onEnd.clear();
        List.copyOf(inFlight).forEach(f -> f.cancel(false));
        inFlight.clear();
    }
}
