package io.jdht.net.host;

/**
 * Resource limits of one host.
 *
 * @param maxConnections connections open at once, both directions; inbound ones beyond are refused
 * @param maxStreamsPerConnection yamux streams open at once on one connection, both directions
 * @param inboundPerSecondPerIp sustained rate of new inbound connections from one IP address
 * @param inboundBurstPerIp how many inbound connections one IP may open in a burst
 * @param exemptLoopback whether 127.0.0.0/8 and ::1 skip the per-IP rate limit (many local test
 *     nodes, or a local client, dial in quick succession)
 */
public record ConnectionLimits(
        int maxConnections,
        int maxStreamsPerConnection,
        double inboundPerSecondPerIp,
        int inboundBurstPerIp,
        boolean exemptLoopback) {

    public static final ConnectionLimits DEFAULT = new ConnectionLimits(1024, 512, 5.0, 20, true);

    public ConnectionLimits {
        requirePositive(maxConnections, "maxConnections");
        requirePositive(maxStreamsPerConnection, "maxStreamsPerConnection");
        requirePositive(inboundBurstPerIp, "inboundBurstPerIp");
        if (!(inboundPerSecondPerIp > 0)) {
            throw new IllegalArgumentException("inboundPerSecondPerIp must be positive: " + inboundPerSecondPerIp);
        }
    }

    public ConnectionLimits withMaxConnections(int max) {
        return new ConnectionLimits(max, maxStreamsPerConnection, inboundPerSecondPerIp, inboundBurstPerIp, exemptLoopback);
    }

    private static void requirePositive(int value, String name) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }
}
