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
 * <p>The largest holder is found by a scan of all the store's peers, then kept for the next
 * writes while it still holds more than they do; a scan every {@value #RESCAN_EVERY} uses keeps
 * the choice close to the true largest without scanning on every write of a flood.
 *
 * @param <E> the store's entry type
 */
final class LargestHolder<E> {
    static final int RESCAN_EVERY = 64;

    private Holdings<E> cached;
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
        if (cached == null || cached.count == 0 || cached == writer || cached.bytes <= writerBytes
                || ++uses >= RESCAN_EVERY) {
            cached = null;
            uses = 0;
            for (Holdings<E> h : all) {
                if (h != writer && (cached == null || h.bytes > cached.bytes)) {
                    cached = h;
                }
            }
        }
        return cached != null && cached.bytes > writerBytes ? cached : null;
    }
}
