package io.jdht.net.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class InboundRateLimiterTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    private InboundRateLimiter limiter(boolean exemptLoopback) {
        return new InboundRateLimiter(ConnectionLimits.forMaxConnections(100).withInboundRate(2.0, 3, exemptLoopback), now::get);
    }

    @Test
    void allowsABurstThenTheSustainedRate() throws Exception {
        InboundRateLimiter l = limiter(true);
        InetAddress ip = InetAddress.getByName("192.0.2.7");
        assertThat(l.tryAcquire(ip)).isTrue();
        assertThat(l.tryAcquire(ip)).isTrue();
        assertThat(l.tryAcquire(ip)).isTrue();
        assertThat(l.tryAcquire(ip)).as("burst of 3 used up").isFalse();
        now.addAndGet(500_000_000L); // half a second at 2/s refills one token
        assertThat(l.tryAcquire(ip)).isTrue();
        assertThat(l.tryAcquire(ip)).isFalse();
    }

    @Test
    void eachAddressHasItsOwnBucket() throws Exception {
        InboundRateLimiter l = limiter(true);
        InetAddress a = InetAddress.getByName("192.0.2.7");
        InetAddress b = InetAddress.getByName("192.0.2.8");
        for (int i = 0; i < 3; i++) {
            l.tryAcquire(a);
        }
        assertThat(l.tryAcquire(a)).isFalse();
        assertThat(l.tryAcquire(b)).isTrue();
    }

    @Test
    void loopbackIsExemptOnlyWhenConfigured() throws Exception {
        InetAddress lo = InetAddress.getByName("127.0.0.1");
        InboundRateLimiter exempt = limiter(true);
        for (int i = 0; i < 50; i++) {
            assertThat(exempt.tryAcquire(lo)).isTrue();
        }
        InboundRateLimiter strict = limiter(false);
        for (int i = 0; i < 3; i++) {
            assertThat(strict.tryAcquire(lo)).isTrue();
        }
        assertThat(strict.tryAcquire(lo)).isFalse();
    }
}
