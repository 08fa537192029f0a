package io.jdht.daemon.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;

/**
 * The signal that a request's command should stop: its deadline passed, its client went away, or
 * the server is closing. It fires at most once. A command reacts by polling {@link #isCancelled},
 * registering {@link #onCancel} callbacks, or handing its futures to {@link #propagateTo} so a
 * running DHT lookup is cancelled with it. The command's thread is also interrupted.
 *
 * <p>Callbacks run on the server's command executor, never on a network thread, so they may
 * block (cancelling a future runs its dependents on the thread that cancels it).
 */
public final class Cancellation {
    /** Why a command was cancelled. */
    public enum Reason {
        /** The {@code timeout} option ran out. */
        DEADLINE,
        /** The client closed the connection (or it broke, or stalled past the idle timeout). */
        CLIENT_GONE,
        /** The server is shutting down. */
        SERVER_CLOSED
    }

    private final Executor callbacks;
    private Reason reason; // guarded by this
    private List<Runnable> listeners = new ArrayList<>(); // guarded by this; null once fired

    Cancellation(Executor callbacks) {
        this.callbacks = Objects.requireNonNull(callbacks);
    }

    public synchronized boolean isCancelled() {
        return reason != null;
    }

    public synchronized Optional<Reason> reason() {
        return Optional.ofNullable(reason);
    }

    /** Runs {@code action} when the signal fires, or soon if it already has. */
    public void onCancel(Runnable action) {
        Objects.requireNonNull(action);
        synchronized (this) {
            if (listeners != null) {
                listeners.add(action);
                return;
            }
        }
        callbacks.execute(action);
    }

    /** Cancels {@code future} (with interruption) when the signal fires; returns it for chaining. */
    public <F extends Future<?>> F propagateTo(F future) {
        onCancel(() -> future.cancel(true));
        return future;
    }

    /** Throws {@link CancellationException} (with Go's message for the reason) if the signal has fired. */
    public void throwIfCancelled() {
        Reason r = reason().orElse(null);
        if (r != null) {
            throw exception(r);
        }
    }

    static CancellationException exception(Reason r) {
        return new CancellationException(r == Reason.DEADLINE ? ApiError.DEADLINE_EXCEEDED : ApiError.CANCELED);
    }

    /** Fires the signal; returns false if it had fired already. */
    boolean cancel(Reason why) {
        List<Runnable> toRun;
        synchronized (this) {
            if (reason != null) {
                return false;
            }
            reason = why;
            toRun = listeners;
            listeners = null;
        }
        for (Runnable r : toRun) {
            callbacks.execute(r);
        }
        return true;
    }
}
