package io.jdht.net.host;

import java.net.InetAddress;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * A token bucket per remote address group (an IPv4 address or an IPv6 /64, see {@link AddressGroup})
 * for new inbound connections: each may open {@code burst} connections at once and then
 * {@code perSecond} a second.
 *
 * <p>The table keeps at most {@link #MAX_TRACKED} addresses, evicting the least recently seen, so a
 * flood from many addresses cannot grow it without bound. A full bucket carries no information, so
 * evicting one loses nothing.
 */
final class InboundRateLimiter {
    static final int MAX_TRACKED = 4096;

    private final double perSecond;
    private final double burst;
    private final boolean exemptLoopback;
    private final LongSupplier nanoTime;
    private final Map<InetAddress, Bucket> buckets = new LinkedHashMap<>(64, 0.75f, true);

    private static final class Bucket {
        double tokens;
        long lastRefillNanos;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.lastRefillNanos = now;
        }
    }

    InboundRateLimiter(ConnectionLimits limits, LongSupplier nanoTime) {
        this.perSecond = limits.inboundPerSecondPerIp();
        this.burst = limits.inboundBurstPerIp();
        this.exemptLoopback = limits.exemptLoopback();
        this.nanoTime = nanoTime;
    }

    /** Takes a token for {@code ip}; false means the connection should be refused. */
    synchronized boolean tryAcquire(InetAddress ip) {
        if (exemptLoopback && ip.isLoopbackAddress()) {
            return true;
        }
        long now = nanoTime.getAsLong();
        Bucket bucket = buckets.computeIfAbsent(AddressGroup.of(ip), k -> new Bucket(burst, now));
        double elapsedSeconds = (now - bucket.lastRefillNanos) / 1e9;
        bucket.tokens = Math.min(burst, bucket.tokens + elapsedSeconds * perSecond);
        bucket.lastRefillNanos = now;
        evictOldest();
        if (bucket.tokens < 1) {
            return false;
        }
        bucket.tokens -= 1;
        return true;
    }

    private void evictOldest() {
        Iterator<InetAddress> it = buckets.keySet().iterator();
        while (buckets.size() > MAX_TRACKED && it.hasNext()) {
            it.next();
            it.remove();
        }
    }
}
