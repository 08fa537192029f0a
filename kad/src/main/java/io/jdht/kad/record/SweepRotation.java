package io.jdht.kad.record;

import java.util.ArrayDeque;
import java.util.function.Predicate;

/**
 * The order in which a store's sliced sweep visits its keys: a queue holding each live entry once,
 * plus dead entries not yet reached. A slice takes entries from the front and puts the ones that
 * stay at the back; a pass is over once it has taken as many as the queue held when it began.
 *
 * <p>Dead entries are normally dropped when a pass reaches them. A peer churning keys through its
 * quota kills entries far faster than an hourly pass reaches them, and each would stay here with
 * its value; so once the dead outnumber the live (by more than {@link #SLACK}), the queue is
 * rebuilt at once, and the pass under way starts again.
 */
final class SweepRotation<E> {
    /** Dead entries tolerated beyond the live ones before the queue is rebuilt. */
    static final int SLACK = 1024;

    private final ArrayDeque<E> queue = new ArrayDeque<>();
    private final Predicate<E> live;
    /** Entries of the pass under way still to take (0: no pass under way). */
    private int passLeft;
    /** Dead entries still in the queue. */
    private int dead;

    SweepRotation(Predicate<E> live) {
        this.live = live;
    }

    /** A new entry joins at the back. */
    void add(E entry) {
        queue.addLast(entry);
    }

    /** An entry still in the queue died; {@code liveCount} is how many the store holds now. */
    void died(int liveCount) {
        dead++;
        if (dead > liveCount + SLACK) {
            queue.removeIf(live.negate());
            dead = 0;
            passLeft = 0;
        }
    }

    /** Starts a pass if none is under way; call at the start of each slice. */
    void beginSlice() {
        if (passLeft == 0) {
            passLeft = queue.size();
        }
    }

    /** Whether the pass under way has entries left. */
    boolean inPass() {
        return passLeft > 0;
    }

    /**
     * Takes the pass's next entry out of the queue; null for a dead one, which is forgotten. Give
     * a live entry that stays back with {@link #keep}.
     */
    E take() {
        E e = queue.pollFirst();
        passLeft--;
        if (e != null && !live.test(e)) {
            dead--;
            return null;
        }
        return e;
    }

    /** Puts a taken entry at the back, for the next pass. */
    void keep(E entry) {
        queue.addLast(entry);
    }

    int size() {
        return queue.size();
    }
}
