package io.jdht.net.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdht.multiformats.Multiaddr;
import io.netty.channel.EventLoopGroup;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Hosts of one process that are given no event loops share one group instead of making a group
 * (and its threads and allocator caches) each; the last of them to close shuts it down.
 */
@Timeout(60)
class SharedEventLoopsTest {
    private static HostConfig config(int seed) {
        return HostConfig.builder(HostLoopbackTest.key(seed)).build();
    }

    @Test
    void hostsGivenNoGroupShareTheProcessGroup() {
        try (Host a = Host.create(config(1)); Host b = Host.create(config(2))) {
            assertThat(a.eventLoopGroup()).isSameAs(b.eventLoopGroup());
        }
    }

    @Test
    void theGroupOutlivesAllButTheLastHostAndIsMadeAnewAfterwards() throws Exception {
        SharedEventLoops shared = new SharedEventLoops(() -> NettyTransport.newEventLoopGroup(1));
        Host a = Host.create(config(1), shared);
        Host b = Host.create(config(2), shared);
        EventLoopGroup group = a.eventLoopGroup();
        assertThat(b.eventLoopGroup()).isSameAs(group);
        assertThat(shared.users()).isEqualTo(2);
        b.start().get(10, TimeUnit.SECONDS);

        a.close();
        assertThat(group.isShuttingDown()).isFalse();
        // b still works on the group a gave back: a third host connects to it
        try (Host c = Host.create(HostConfig.builder(HostLoopbackTest.key(3)).eventLoopGroup(group).build())) {
            Multiaddr target = b.listenAddresses().get(0).encapsulate(Multiaddr.parse("/p2p/" + b.peerId()));
            assertThat(c.connect(target).get(10, TimeUnit.SECONDS).remotePeer()).isEqualTo(b.peerId());
        }
        assertThat(group.isShuttingDown()).as("a group given in the config is not the host's to shut").isFalse();

        b.close();
        assertThat(shared.users()).isZero();
        assertThat(group.isTerminated()).isTrue();

        try (Host d = Host.create(config(4), shared)) {
            assertThat(d.eventLoopGroup()).isNotSameAs(group);
            d.start().get(10, TimeUnit.SECONDS); // the new group runs
        }
        assertThat(shared.users()).isZero();
    }

    @Test
    void closingTwiceGivesTheGroupBackOnce() {
        SharedEventLoops shared = new SharedEventLoops(() -> NettyTransport.newEventLoopGroup(1));
        Host a = Host.create(config(1), shared);
        try (Host b = Host.create(config(2), shared)) {
            a.close();
            a.close();
            assertThat(shared.users()).isEqualTo(1);
            assertThat(b.eventLoopGroup().isShuttingDown()).isFalse();
        }
        assertThat(shared.users()).isZero();
    }
}
