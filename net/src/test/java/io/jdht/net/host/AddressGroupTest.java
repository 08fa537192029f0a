package io.jdht.net.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class AddressGroupTest {
    @Test
    void ipv6AddressesInOneSlash64AreOneGroup() throws Exception {
        InetAddress a = AddressGroup.of(InetAddress.getByName("2001:db8:1:2:aaaa::1"));
        InetAddress b = AddressGroup.of(InetAddress.getByName("2001:db8:1:2:ffff:1:2:3"));
        InetAddress other = AddressGroup.of(InetAddress.getByName("2001:db8:1:3::1"));
        assertThat(a).isEqualTo(b).isEqualTo(InetAddress.getByName("2001:db8:1:2::"));
        assertThat(other).isNotEqualTo(a);
    }

    @Test
    void ipv4AddressesAreTheirOwnGroup() throws Exception {
        assertThat(AddressGroup.of(InetAddress.getByName("192.0.2.7"))).isEqualTo(InetAddress.getByName("192.0.2.7"));
        assertThat(AddressGroup.of(InetAddress.getByName("192.0.2.8"))).isNotEqualTo(InetAddress.getByName("192.0.2.7"));
    }

    @Test
    void theRateLimitCountsASlash64AsOneSender() throws Exception {
        InboundRateLimiter limiter = new InboundRateLimiter(
                ConnectionLimits.forMaxConnections(100).withInboundRate(0.001, 3, false), () -> 0L);
        for (int i = 1; i <= 3; i++) {
            assertThat(limiter.tryAcquire(InetAddress.getByName("2001:db8::" + i))).isTrue();
        }
        assertThat(limiter.tryAcquire(InetAddress.getByName("2001:db8::ffff"))).as("same /64, burst used up").isFalse();
        assertThat(limiter.tryAcquire(InetAddress.getByName("2001:db8:0:1::1"))).as("another /64").isTrue();
    }
}
