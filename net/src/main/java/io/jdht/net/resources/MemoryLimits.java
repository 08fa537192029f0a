package io.jdht.net.resources;

/**
 * How many bytes peers may make this node hold, per scope. Every buffer a remote peer can fill
 * (a partly received frame, data queued on a stream, identify data, answers not yet sent) is
 * reserved against these before it is kept; a reservation that does not fit resets the stream.
 *
 * @param node all peers together
 * @param protocol one protocol's streams together (kad, identify, ping, perf)
 * @param peer all connections and streams of one peer
 * @param connection one connection with all its streams
 * @param stream one stream
 */
public record MemoryLimits(long node, long protocol, long peer, long connection, long stream) {
    private static final long MIB = 1024 * 1024;

    public MemoryLimits {
        positive("node", node);
        positive("protocol", protocol);
        positive("peer", peer);
        positive("connection", connection);
        positive("stream", stream);
    }

    /**
     * Limits for a heap of {@code maxHeapBytes}: peers together may hold a quarter of it (at least
     * 64 MiB), shared out as {@link #forBudget} says.
     */
    public static MemoryLimits forHeap(long maxHeapBytes) {
        return forBudget(Math.max(64 * MIB, maxHeapBytes / 4));
    }

    /**
     * Limits for {@code nodeBytes} that all peers together may make this node hold: one protocol
     * may take half of it, one peer or connection 1/16 of it (at least 16 MiB, enough for a stream
     * of the largest kad message next to ordinary traffic, but never more than the whole) and one
     * stream 8 MiB (a 4 MiB kad message with its yamux window to spare).
     */
    public static MemoryLimits forBudget(long nodeBytes) {
        positive("node", nodeBytes);
        long protocol = Math.max(1, nodeBytes / 2);
        long connection = Math.min(nodeBytes, Math.max(16 * MIB, nodeBytes / 16));
        long stream = Math.min(connection, 8 * MIB);
        return new MemoryLimits(nodeBytes, protocol, connection, connection, stream);
    }

    /** {@link #forHeap} for this JVM's maximum heap. */
    public static MemoryLimits forThisJvm() {
        return forHeap(SystemResources.maxHeapBytes());
    }

    private static void positive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException("memory limit for " + name + " must be positive: " + value);
        }
    }
}
