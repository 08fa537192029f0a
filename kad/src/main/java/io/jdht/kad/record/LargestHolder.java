package io.jdht.kad.record;

import java.util.Collection;

/**
 * Finds, for a store that is full, the peer that should give way to a write: the one holding the
 * most bytes, if it holds more than the writer will once its write is in. Peer ids cost nothing,
 * so a store that refused every newcomer once full could be filled by a crowd of identities, each
 * within its quota, and then shut out everyone for the records' lifetime; taking room from the
 * largest holder instead lets a peer that holds little in, while identities that hold as much as
 * their quota only take room from one another.
 *
 * <p>The largest holder is found by a scan of all the store's peers and kept for the next writes
 * until it has given way down to a writer's level; a writer holding as much as the largest did at
 * the last scan is refused without one. A scan every {@value #RESCAN_EVERY} uses keeps this close
 * to the truth (others may have grown meanwhile) without walking every peer on every write of a
 * flood.
 *
 * @param <E> the store's entry type
 */
final class LargestHolder<E> {
    static final int RESCAN_EVERY = 64;

    private Holdings<E> cached;
    /** What the largest holder held at the last scan; unknown before the first. */
    private long scannedMax = Long.MAX_VALUE;
    private int uses;

    /**
     * The holder to take room from for a write by {@code writer} (null for this node or an unknown
     * publisher) that will then hold {@code writerBytes} ({@code Long.MAX_VALUE}: a writer no one
     * gives way to); null when no peer holds more.
     */
    Holdings<E> above(long writerBytes, Holdings<E> writer, Collection<Holdings<E>> all) {
        if (writerBytes == Long.MAX_VALUE) {
            return null; // a writer no one gives way to: no need to look
        }
        boolean stale = ++uses >= RESCAN_EVERY;
        if (!stale && writerBytes >= scannedMax) {
            // no one held more at the last scan: in a flood of writes that will be refused, this
            // keeps each refusal from walking every peer of the store
            return null;
        }
        if (stale || cached == null || cached.count == 0 || cached == writer || cached.bytes <= writerBytes) {
            // the cached one gave way down to the writer's level (or is gone): find the largest again
            cached = null;
            for (Holdings<E> h : all) {
                if (h != writer && (cached == null || h.bytes > cached.bytes)) {
                    cached = h;
                }
            }
            scannedMax = cached == null ? 0 : cached.bytes;
            uses = 0;
        }
        return cached != null && cached.bytes > writerBytes ? cached : null;
    }
}
