package io.jdht.node;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;

/**
 * Runs tasks one at a time, in submission order, on another executor. One per operation: the
 * operation's events and then its result reach the user in the order they happened, without the
 * user's code ever running on (and stalling) the node's DHT thread.
 */
final class SerialExecutor implements Executor {
    private final Executor target;
    private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
    private boolean running;

    SerialExecutor(Executor target) {
        this.target = target;
    }

    @Override
    public void execute(Runnable task) {
        synchronized (queue) {
            queue.add(task);
            if (running) {
                return;
            }
            running = true;
        }
        try {
            target.execute(this::drain);
        } catch (RuntimeException rejected) {
            // the target is shut down: nothing queued here can run any more
            synchronized (queue) {
                queue.clear();
                running = false;
            }
            throw rejected;
        }
    }

    private void drain() {
        while (true) {
            Runnable next;
            synchronized (queue) {
                next = queue.poll();
                if (next == null) {
                    running = false;
                    return;
                }
            }
            try {
                next.run();
            } catch (Throwable e) { // an Error from user code must not wedge the queue either
                org.slf4j.LoggerFactory.getLogger(SerialExecutor.class).warn("a DHT event listener or callback threw", e);
            }
        }
    }
}
