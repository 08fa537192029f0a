package io.jdht.net.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jdht.net.identify.IdentifyInfo;
import io.jdht.net.identify.IdentifyProtocol;
import io.jdht.net.ping.PingProtocol;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two real hosts on 127.0.0.1: a peer that lists far too many protocols in identify, and the peer
 * store learning from the host which peers are connected.
 */
@Timeout(60)
class IdentifyBoundsHostTest {
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
    private Host a;
    private Host b;

    @AfterEach
    void stopHosts() {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
    }

    @Test
    void whatAPeerSaysInIdentifyIsStoredWithinTheBounds() throws Exception {
        a = HostLoopbackTest.start(1);
        b = Host.create(HostConfig.builder(HostLoopbackTest.key(2)).agentVersion("b".repeat(1_000)).build());
        // 300 protocols of 80 characters: about 25 KiB of identify, under the message limit
        for (int i = 0; i < 300; i++) {
            String head = String.format("/stuffed/%03d/", i);
            b.handle(head + "s".repeat(80 - head.length()), stream -> stream.channel().close());
        }
        // too long to keep; they sort before the others, so they are the first the peer lists
        for (int i = 0; i < 5; i++) {
            b.handle("/long/" + i + "/" + "l".repeat(IdentifyProtocol.MAX_PROTOCOL_LENGTH), stream -> stream.channel().close());
        }
        b.start().join();

        Connection c = a.connect(HostLoopbackTest.addressOf(b)).get(10, TimeUnit.SECONDS);
        IdentifyInfo info = c.identified().get(10, TimeUnit.SECONDS);

        assertThat(info.protocols()).hasSize(IdentifyProtocol.MAX_PROTOCOLS);
        assertThat(a.peerStore().protocols(b.peerId())).hasSize(IdentifyProtocol.MAX_PROTOCOLS)
                .allSatisfy(p -> assertThat(p).hasSizeLessThanOrEqualTo(IdentifyProtocol.MAX_PROTOCOL_LENGTH))
                .contains(IdentifyProtocol.ID, PingProtocol.ID); // sorted first, so among those kept
        assertThat(a.peerStore().agentVersion(b.peerId()))
                .hasValueSatisfying(agent -> assertThat(agent).hasSize(IdentifyProtocol.MAX_VERSION_LENGTH));
    }

    @Test
    void aConnectedPeerKeepsItsEntryAndLosesItHalfAnHourAfterLeaving() throws Exception {
        a = Host.create(HostConfig.builder(HostLoopbackTest.key(1)).clock(now::get).build());
        a.start().join();
        b = HostLoopbackTest.start(2);
        Connection c = a.connect(HostLoopbackTest.addressOf(b)).get(10, TimeUnit.SECONDS);
        c.identified().get(10, TimeUnit.SECONDS);

        now.set(now.get().plus(Duration.ofHours(3)));
        a.peerStore().removeExpired();
        assertThat(a.peerStore().supports(b.peerId(), PingProtocol.ID)).isTrue();

        c.close();
        // the connection manager unregisters after the peer store heard of the close (listeners run in order)
        await().atMost(Duration.ofSeconds(10)).until(() -> a.connectionManager().size() == 0);
        a.peerStore().removeExpired();
        assertThat(a.peerStore().supports(b.peerId(), PingProtocol.ID)).isTrue(); // just left

        now.set(now.get().plus(PeerStore.RECENTLY_CONNECTED_TTL).plusSeconds(1));
        a.peerStore().removeExpired();
        assertThat(a.peerStore().peers()).doesNotContain(b.peerId());
    }
}
