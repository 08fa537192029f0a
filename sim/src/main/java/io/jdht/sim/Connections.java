package io.jdht.sim;

/**
 * One node's open connections, least recently used first out: a fixed array of peer indexes and
 * the session each peer was in when the connection opened (a connection to a peer that has since
 * gone offline or restarted is dead). A few hundred bytes per node, so 100,000 nodes fit.
 */
final class Connections {
    /** Kubo's connection manager trims to its low water mark (32) above its high water mark (96). */
    static final int CAPACITY = 96;

    private final int[] peers = new int[CAPACITY];
    private final int[] sessions = new int[CAPACITY];
    /** Slot 0 .. size-1 hold connections, most recently used last. */
    private int size;

    /** Whether a connection to the peer in session {@code session} is open; marks it used. */
    boolean touch(int peer, int session) {
        for (int i = size - 1; i >= 0; i--) {
            if (peers[i] == peer) {
                if (sessions[i] != session) {
                    removeAt(i);
                    return false;
                }
                moveToEnd(i);
                return true;
            }
        }
        return false;
    }

    /** Whether a connection to the peer in {@code session} is open, without marking it used. */
    boolean has(int peer, int session) {
        for (int i = size - 1; i >= 0; i--) {
            if (peers[i] == peer) {
                return sessions[i] == session;
            }
        }
        return false;
    }

    /** Records a new connection; returns the peer whose connection made way for it, or -1. */
    int open(int peer, int session) {
        for (int i = 0; i < size; i++) {
            if (peers[i] == peer) {
                sessions[i] = session;
                moveToEnd(i);
                return -1;
            }
        }
        int evicted = -1;
        if (size == CAPACITY) {
            evicted = peers[0];
            removeAt(0);
        }
        peers[size] = peer;
        sessions[size] = session;
        size++;
        return evicted;
    }

    void close(int peer) {
        for (int i = 0; i < size; i++) {
            if (peers[i] == peer) {
                removeAt(i);
                return;
            }
        }
    }

    void clear() {
        size = 0;
    }

    int size() {
        return size;
    }

    private void moveToEnd(int i) {
        int p = peers[i];
        int s = sessions[i];
        System.arraycopy(peers, i + 1, peers, i, size - i - 1);
        System.arraycopy(sessions, i + 1, sessions, i, size - i - 1);
        peers[size - 1] = p;
        sessions[size - 1] = s;
    }

    private void removeAt(int i) {
        System.arraycopy(peers, i + 1, peers, i, size - i - 1);
        System.arraycopy(sessions, i + 1, sessions, i, size - i - 1);
        size--;
    }
}
