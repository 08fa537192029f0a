package io.jdht.sim;

import io.jdht.kad.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

/**
 * The simulator's one clock and one queue. Every event (a timer of some node's engine, a message
 * arriving, a node leaving or joining) is a task due at a virtual instant; tasks run one at a time
 * in the order of their due time, then of the order they were scheduled in (a sequence number),
 * so a run depends on nothing but its inputs and its seed. Time is kept in microseconds.
 *
 * <p>The queue is a binary heap over parallel arrays (due time, sequence, task), which keeps a
 * few million pending events cheap; a cancelled timer stays in the heap and is skipped when due.
 * Every event run also feeds a running digest of (time, sequence), which two runs with the same
 * seed must agree on event for event.
 */
public final class EventLoop implements Scheduler {
    /** The virtual instant the simulation starts at. */
    public static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    private long[] due = new long[1024];
    private long[] seqs = new long[1024];
    private Object[] tasks = new Object[1024];
    private int size;
    private long seq;
    private long nowMicros;
    private long eventsRun;
    private long digest = 1125899906842597L;

    /** A timer that can be cancelled before it runs. */
    private static final class Timer implements Cancellable, Runnable {
        /** Null once cancelled: a cancelled timer waits in the heap until its time, and must not keep its task's world alive. */
        private Runnable task;

        Timer(Runnable task) {
            this.task = task;
        }

        @Override
        public void cancel() {
            task = null;
        }

        @Override
        public void run() {
            Runnable t = task;
            if (t != null) {
                task = null;
                t.run();
            }
        }
    }

    @Override
    public Instant now() {
        return T0.plusNanos(nowMicros * 1000);
    }

    /** The virtual time since the start, in microseconds. */
    public long nowMicros() {
        return nowMicros;
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        Timer t = new Timer(task);
        at(nowMicros + Math.max(0, delay.toNanos() / 1000), t);
        return t;
    }

    /** Runs the task after {@code delayMicros} (not cancellable: message deliveries, churn). */
    public void after(long delayMicros, Runnable task) {
        at(nowMicros + Math.max(0, delayMicros), task);
    }

    private void at(long when, Runnable task) {
        if (size == due.length) {
            int n = size * 2;
            due = Arrays.copyOf(due, n);
            seqs = Arrays.copyOf(seqs, n);
            tasks = Arrays.copyOf(tasks, n);
        }
        int i = size++;
        long s = seq++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!before(when, s, due[parent], seqs[parent])) {
                break;
            }
            move(parent, i);
            i = parent;
        }
        due[i] = when;
        seqs[i] = s;
        tasks[i] = task;
    }

    /**
     * Runs events in order until the queue is empty, the clock would pass {@code untilMicros}, or
     * {@code maxEvents} have run; the clock ends at {@code untilMicros} if it got there.
     * Returns the number of events run.
     */
    public long runUntil(long untilMicros, long maxEvents) {
        long ran = 0;
        while (size > 0 && due[0] <= untilMicros && ran < maxEvents) {
            long when = due[0];
            long s = seqs[0];
            Runnable task = (Runnable) tasks[0];
            removeTop();
            nowMicros = when;
            digest = digest * 31 + when * 1_000_003L + s;
            eventsRun++;
            ran++;
            task.run();
        }
        if (ran < maxEvents && untilMicros > nowMicros && untilMicros != Long.MAX_VALUE) {
            nowMicros = untilMicros;
        }
        return ran;
    }

    /** Events waiting, cancelled timers included. */
    public int pending() {
        return size;
    }

    /** Events run since the start. */
    public long eventsRun() {
        return eventsRun;
    }

    /** A digest of every event run so far (its time and sequence number), to compare runs. */
    public long digest() {
        return digest;
    }

    private void removeTop() {
        size--;
        long lastDue = due[size];
        long lastSeq = seqs[size];
        Object lastTask = tasks[size];
        tasks[size] = null;
        if (size == 0) {
            return;
        }
        int i = 0;
        while (true) {
            int child = 2 * i + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && before(due[child + 1], seqs[child + 1], due[child], seqs[child])) {
                child++;
            }
            if (!before(due[child], seqs[child], lastDue, lastSeq)) {
                break;
            }
            move(child, i);
            i = child;
        }
        due[i] = lastDue;
        seqs[i] = lastSeq;
        tasks[i] = lastTask;
    }

    private void move(int from, int to) {
        due[to] = due[from];
        seqs[to] = seqs[from];
        tasks[to] = tasks[from];
    }

    private static boolean before(long t1, long s1, long t2, long s2) {
        return t1 < t2 || (t1 == t2 && s1 < s2);
    }
}
