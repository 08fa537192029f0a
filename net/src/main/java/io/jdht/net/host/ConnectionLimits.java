package io.jdht.net.host;

import io.jdht.net.resources.SystemResources;
import java.time.Duration;

/**
 * How many connections and streams a host keeps, and how it sheds the surplus.
 *
 * <p>A connection counts from the moment it is accepted or dialled, not from the end of its
 * handshake, so a flood of half-open connections meets the same limits as finished ones. Above
 * {@code highWater} established connections the host trims the least useful unprotected ones
 * (idle first, then the youngest past their grace period) down to {@code lowWater}, as go-libp2p's
 * connection manager does, instead of refusing everyone; {@code maxConnections} is the hard cap,
 * of which the last {@code reserve} slots are kept for our own dials (routing-table upkeep) and for
 * local clients when loopback is exempt.
 *
 * @param maxConnections connections at once, both directions, handshakes included; nothing beyond
 * @param highWater established connections above which trimming starts
 * @param lowWater what trimming brings the count down to
 * @param gracePeriod how long a new connection is safe from trimming (time to identify and be used)
 * @param reserve slots under {@code maxConnections} that remote strangers cannot take
 * @param maxPendingHandshakes inbound connections still in the handshake, from everyone together
 * @param maxPendingPerIp inbound connections still in the handshake from one IPv4 address or one
 *     IPv6 /64 (one host easily has a whole /64)
 * @param maxConnectionsPerIp inbound connections open at once from one IPv4 address or IPv6 /64,
 *     handshakes included (go-libp2p allows 8 per IPv4 address): peer ids cost nothing, so without
 *     it one host could take every slot below the high watermark, where trimming never starts
 * @param maxStreamsPerConnection yamux streams open at once on one connection, both directions
 * @param maxStreamsPerPeer streams one peer may have open across all its connections
 * @param inboundPerSecondPerIp sustained rate of new inbound connections from one IPv4 address or /64
 * @param inboundBurstPerIp how many inbound connections one address may open in a burst
 * @param exemptLoopback whether 127.0.0.0/8 and ::1 skip the per-address limits and may use the
 *     reserve (many local test nodes, or an operator's client, dial in quick succession)
 */
public record ConnectionLimits(
        int maxConnections,
        int highWater,
        int lowWater,
        Duration gracePeriod,
        int reserve,
        int maxPendingHandshakes,
        int maxPendingPerIp,
        int maxConnectionsPerIp,
        int maxStreamsPerConnection,
        int maxStreamsPerPeer,
        double inboundPerSecondPerIp,
        int inboundBurstPerIp,
        boolean exemptLoopback) {

    /** Connections are never sized below this, whatever the machine. */
    static final int MIN_CONNECTIONS = 64;
    /** Nor above this by default: more needs an operator's decision (and a bigger heap). */
    static final int MAX_DEFAULT_CONNECTIONS = 4096;

    /** Sized for this JVM: see {@link #forSystem}. */
    public static final ConnectionLimits DEFAULT =
            forSystem(SystemResources.maxHeapBytes(), SystemResources.fileDescriptorLimit());

    public ConnectionLimits {
        requirePositive(maxConnections, "maxConnections");
        requirePositive(highWater, "highWater");
        requirePositive(lowWater, "lowWater");
        requirePositive(maxPendingHandshakes, "maxPendingHandshakes");
        requirePositive(maxPendingPerIp, "maxPendingPerIp");
        requirePositive(maxConnectionsPerIp, "maxConnectionsPerIp");
        requirePositive(maxStreamsPerConnection, "maxStreamsPerConnection");
        requirePositive(maxStreamsPerPeer, "maxStreamsPerPeer");
        requirePositive(inboundBurstPerIp, "inboundBurstPerIp");
        if (!(inboundPerSecondPerIp > 0)) {
            throw new IllegalArgumentException("inboundPerSecondPerIp must be positive: " + inboundPerSecondPerIp);
        }
        if (lowWater > highWater || highWater > maxConnections) {
            throw new IllegalArgumentException("need lowWater <= highWater <= maxConnections, not "
                    + lowWater + ", " + highWater + ", " + maxConnections);
        }
        if (reserve < 0 || reserve >= maxConnections) {
            throw new IllegalArgumentException("reserve must be at least 0 and below maxConnections: " + reserve);
        }
        if (gracePeriod.isNegative()) {
            throw new IllegalArgumentException("gracePeriod must not be negative: " + gracePeriod);
        }
    }

    /**
     * Limits for a machine with {@code maxHeapBytes} of heap and {@code fileDescriptors} open files:
     * half the descriptors (the rest for files, listeners and sockets being refused) and about two
     * connections per MiB of heap, between {@value #MIN_CONNECTIONS} and
     * {@value #MAX_DEFAULT_CONNECTIONS}.
     */
    public static ConnectionLimits forSystem(long maxHeapBytes, long fileDescriptors) {
        long byDescriptors = (fileDescriptors - 256) / 2;
        long byHeap = maxHeapBytes / (512 * 1024);
        long max = Math.max(MIN_CONNECTIONS, Math.min(MAX_DEFAULT_CONNECTIONS, Math.min(byDescriptors, byHeap)));
        return forMaxConnections((int) max);
    }

    /** Limits around a hard cap of {@code max}: trim from 3/4 of it down to 1/2, 1/16 in reserve. */
    public static ConnectionLimits forMaxConnections(int max) {
        requirePositive(max, "maxConnections");
        int high = Math.max(1, max * 3 / 4);
        return new ConnectionLimits(max, high, Math.max(1, max / 2), Duration.ofSeconds(20), max / 16,
                Math.max(8, Math.min(256, max / 4)), 16, 16, 512, 1024, 5.0, 20, true);
    }

    /** The same limits with a different hard cap (watermarks, reserve and handshakes scaled to it). */
    public ConnectionLimits withMaxConnections(int max) {
        ConnectionLimits scaled = forMaxConnections(max);
        return new ConnectionLimits(max, scaled.highWater, scaled.lowWater, gracePeriod, scaled.reserve,
                scaled.maxPendingHandshakes, maxPendingPerIp, maxConnectionsPerIp, maxStreamsPerConnection,
                maxStreamsPerPeer, inboundPerSecondPerIp, inboundBurstPerIp, exemptLoopback);
    }

    /**
     * Trims from {@code high} to {@code low}, sparing connections younger than {@code grace} (what
     * Kubo's {@code Swarm.ConnMgr} sets). The hard cap grows to at least a quarter above {@code high}.
     */
    public ConnectionLimits withWatermarks(int low, int high, Duration grace) {
        int max = Math.max(maxConnections, high + Math.max(1, high / 4));
        int keep = Math.min(reserve, max - high);
        return new ConnectionLimits(max, high, low, grace, keep, maxPendingHandshakes, maxPendingPerIp,
                maxConnectionsPerIp, maxStreamsPerConnection, maxStreamsPerPeer, inboundPerSecondPerIp,
                inboundBurstPerIp, exemptLoopback);
    }

    /** The same limits with other caps on handshakes in progress. */
    public ConnectionLimits withPendingHandshakes(int total, int perIp) {
        return new ConnectionLimits(maxConnections, highWater, lowWater, gracePeriod, reserve, total, perIp,
                Math.max(perIp, maxConnectionsPerIp), maxStreamsPerConnection, maxStreamsPerPeer,
                inboundPerSecondPerIp, inboundBurstPerIp, exemptLoopback);
    }

    /** The same limits with another inbound rate per address. */
    public ConnectionLimits withInboundRate(double perSecond, int burst, boolean exemptLoopbackAddresses) {
        return new ConnectionLimits(maxConnections, highWater, lowWater, gracePeriod, reserve, maxPendingHandshakes,
                maxPendingPerIp, maxConnectionsPerIp, maxStreamsPerConnection, maxStreamsPerPeer, perSecond, burst,
                exemptLoopbackAddresses);
    }

    /** The same limits with another cap on inbound connections open at once from one address. */
    public ConnectionLimits withConnectionsPerIp(int perIp) {
        return new ConnectionLimits(maxConnections, highWater, lowWater, gracePeriod, reserve, maxPendingHandshakes,
                maxPendingPerIp, perIp, maxStreamsPerConnection, maxStreamsPerPeer, inboundPerSecondPerIp,
                inboundBurstPerIp, exemptLoopback);
    }

    /** The same limits with other stream caps. */
    public ConnectionLimits withStreams(int perConnection, int perPeer) {
        return new ConnectionLimits(maxConnections, highWater, lowWater, gracePeriod, reserve, maxPendingHandshakes,
                maxPendingPerIp, maxConnectionsPerIp, perConnection, perPeer, inboundPerSecondPerIp, inboundBurstPerIp,
                exemptLoopback);
    }

    private static void requirePositive(int value, String name) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }
}
