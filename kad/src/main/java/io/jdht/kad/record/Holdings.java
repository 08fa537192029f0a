package io.jdht.kad.record;

import io.jdht.crypto.PeerId;
import java.util.Arrays;
import java.util.Optional;

/**
 * What one peer has stored in a store: how many entries, their estimated bytes, and the entries
 * oldest first, so that a peer over its quota gives up its own oldest.
 *
 * <p>The order is a binary min-heap of (entry, time) pairs on two parallel arrays, twelve bytes a
 * pair and no object each. Pairs are not taken out when their entry is replaced, refreshed or
 * dropped: that would mean finding them. Instead the store judges each pair it takes from the
 * top ({@link Current}) and skips stale ones, and {@link #push} rebuilds the heap without them
 * once they outnumber the live ones, so the heap stays within about twice the peer's entries
 * however often it refreshes them.
 *
 * @param <E> the store's entry type
 */
final class Holdings<E> {
    /** Whether a pair still stands for one of this peer's entries, stored at that time. */
    interface Current<E> {
        boolean test(E entry, long time);
    }

    /**
     * Estimated bytes of one peer's account, charged with its first entry: this object, its two
     * arrays, and the map node and key (a copy of the peer id) the store finds it by.
     */
    static final int OVERHEAD = 200;

    /** Stale pairs allowed beyond the live ones before a rebuild; keeps small peers from rebuilding often. */
    private static final int SLACK = 16;

    final ByteKey peer;
    /** The peer, once for all its entries (an entry holding its own copy would cost a hundred bytes more). */
    final Optional<PeerId> id;
    /** The peer's entries in the store. */
    int count;
    /** Their estimated bytes. */
    long bytes;
    private Object[] entries = new Object[2];
    private long[] times = new long[2];
    private int size;

    Holdings(ByteKey peer, Optional<PeerId> id) {
        this.peer = peer;
        this.id = id;
    }

    /** Adds a pair; rebuilds without the stale pairs first when they have piled up. */
    void push(E entry, long time, Current<E> current) {
        if (size > 2 * count + SLACK) {
            compact(current);
        }
        if (size == entries.length) {
            entries = Arrays.copyOf(entries, size * 2);
            times = Arrays.copyOf(times, size * 2);
        }
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (times[parent] <= time) {
                break;
            }
            entries[i] = entries[parent];
            times[i] = times[parent];
            i = parent;
        }
        entries[i] = entry;
        times[i] = time;
    }

    /**
     * Takes out the oldest pair that is still current and returns its entry; null when none is
     * left. Stale pairs met on the way are dropped.
     */
    E pollOldest(Current<E> current) {
        while (size > 0) {
            @SuppressWarnings("unchecked")
            E top = (E) entries[0];
            long t = times[0];
            removeTop();
            if (current.test(top, t)) {
                return top;
            }
        }
        return null;
    }

    /** Pairs held, stale ones included. */
    int size() {
        return size;
    }

    private void removeTop() {
        size--;
        Object last = entries[size];
        long lastTime = times[size];
        entries[size] = null;
        if (size > 0) {
            siftDown(0, last, lastTime);
        }
    }

    private void siftDown(int from, Object entry, long time) {
        int i = from;
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            if (child + 1 < size && times[child + 1] < times[child]) {
                child++;
            }
            if (time <= times[child]) {
                break;
            }
            entries[i] = entries[child];
            times[i] = times[child];
            i = child;
        }
        entries[i] = entry;
        times[i] = time;
    }

    /** Keeps the current pairs only, in arrays sized to them, and restores the heap order. */
    @SuppressWarnings("unchecked")
    private void compact(Current<E> current) {
        int kept = 0;
        for (int i = 0; i < size; i++) {
            if (current.test((E) entries[i], times[i])) {
                entries[kept] = entries[i];
                times[kept] = times[i];
                kept++;
            }
        }
        int capacity = Math.max(2, kept * 2);
        entries = Arrays.copyOf(entries, capacity);
        times = Arrays.copyOf(times, capacity);
        size = kept;
        for (int i = (size >>> 1) - 1; i >= 0; i--) {
            siftDown(i, entries[i], times[i]);
        }
    }
}
