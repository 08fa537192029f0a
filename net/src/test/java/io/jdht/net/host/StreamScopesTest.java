package io.jdht.net.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdht.multiformats.Multiaddr;
import io.jdht.net.resources.MemoryLimits;
import io.jdht.net.resources.ResourceScope;
import io.jdht.net.yamux.YamuxStream;
import io.netty.buffer.Unpooled;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Every stream is accounted to its peer and protocol: a peer's streams are capped across its connections, and bytes a stream keeps unread are paid for. */
@Timeout(60)
class StreamScopesTest {
    private static final String HOLD = "/test/hold/1.0.0";
    private static final long MIB = 1024 * 1024;

    private static Multiaddr address(Host h) {
        return h.listenAddresses().get(0).encapsulate(Multiaddr.parse("/p2p/" + h.peerId()));
    }

    @Test
    void aPeerMayNotOpenMoreStreamsThanItsLimit() throws Exception {
        ConnectionLimits limits = ConnectionLimits.forMaxConnections(64).withStreams(512, 4);
        try (Host server = Host.create(HostConfig.builder(HostLoopbackTest.key(1)).limits(limits).build());
                Host client = Host.create(HostConfig.builder(HostLoopbackTest.key(2)).build())) {
            server.handle(HOLD, stream -> { }); // keeps every stream open
            server.start().join();
            client.start().join();
            Connection c = client.connect(address(server)).get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(30)).until(() -> c.streamCount() == 0); // identify is done
            List<Stream> kept = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                kept.add(c.newStream(HOLD).get(10, TimeUnit.SECONDS));
            }
            // the fifth is opened optimistically and reset by the server
            Stream fifth = c.newStream(HOLD).get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(30)).until(() -> !fifth.channel().isOpen());
            ResourceScope protocol = server.resourceManager().protocols().get(HOLD);
            assertThat(protocol.streamsOpen()).isEqualTo(4);
            ((YamuxStream) kept.get(0).channel()).reset(); // a FIN alone would leave the server's side open
            await().atMost(Duration.ofSeconds(30)).until(() -> protocol.streamsOpen() == 3);
            assertThat(c.newStream(HOLD).get(10, TimeUnit.SECONDS)).isNotNull();
        }
    }

    @Test
    void theStreamsOfAllPeersTogetherAreBoundedByTheNodesMemory() throws Exception {
        // room for 10 streams' cost (and a little for frames in flight), whatever the peer
        MemoryLimits memory = new MemoryLimits(10 * StreamScopes.STREAM_BYTES + 2048, 64 * MIB, 16 * MIB, 16 * MIB, MIB);
        try (Host server = Host.create(HostConfig.builder(HostLoopbackTest.key(5)).memory(memory).build());
                Host first = Host.create(HostConfig.builder(HostLoopbackTest.key(6)).build());
                Host second = Host.create(HostConfig.builder(HostLoopbackTest.key(7)).build())) {
            server.handle(HOLD, stream -> { }); // keeps every stream open
            server.start().join();
            List<Stream> streams = new ArrayList<>();
            for (Host client : List.of(first, second)) {
                client.start().join();
                Connection c = client.connect(address(server)).get(10, TimeUnit.SECONDS);
                await().atMost(Duration.ofSeconds(30)).until(() -> c.streamCount() == 0); // identify is done
                for (int i = 0; i < 6; i++) {
                    streams.add(c.newStream(HOLD).get(10, TimeUnit.SECONDS));
                }
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> streams.stream().filter(x -> !x.channel().isOpen()).count() == 2);
            assertThat(streams.subList(0, 10)).as("the first ten fit").allMatch(x -> x.channel().isOpen());
            assertThat(server.resourceManager().protocols().get(HOLD).streamsOpen()).isEqualTo(10);
            assertThat(server.resourceManager().node().memoryUsed()).isEqualTo(10L * StreamScopes.STREAM_BYTES);
        }
    }

    @Test
    void bytesAStreamKeepsUnreadArePaidForAndAStreamThatCannotPayIsReset() throws Exception {
        MemoryLimits memory = new MemoryLimits(64 * MIB, 64 * MIB, 16 * MIB, 16 * MIB, 300 * 1024);
        try (Host server = Host.create(HostConfig.builder(HostLoopbackTest.key(3)).memory(memory).build());
                Host client = Host.create(HostConfig.builder(HostLoopbackTest.key(4)).build())) {
            server.handle(HOLD, stream -> stream.channel().config().setAutoRead(false)); // never reads
            server.start().join();
            client.start().join();
            Connection c = client.connect(address(server)).get(10, TimeUnit.SECONDS);
            Stream s = c.newStream(HOLD).get(10, TimeUnit.SECONDS);
            s.channel().writeAndFlush(Unpooled.wrappedBuffer(new byte[200 * 1024]));
            await().atMost(Duration.ofSeconds(30)).until(() -> server.resourceManager().node().memoryUsed() >= 200 * 1024);
            assertThat(s.channel().isOpen()).as("200 KiB fit the stream's 300 KiB").isTrue();
            s.channel().writeAndFlush(Unpooled.wrappedBuffer(new byte[200 * 1024]));
            await().atMost(Duration.ofSeconds(30)).until(() -> !s.channel().isOpen());
            await().atMost(Duration.ofSeconds(30)).until(() -> server.resourceManager().node().memoryUsed() == 0);
            assertThat(c.isOpen()).as("only the stream is reset").isTrue();
        }
    }

    @Test
    void unsentBytesArePaidForByTheWriter() throws Exception {
        MemoryLimits memory = new MemoryLimits(64 * MIB, 64 * MIB, 16 * MIB, 16 * MIB, 300 * 1024);
        try (Host server = Host.create(HostConfig.builder(HostLoopbackTest.key(5)).build());
                // waiting for the echo keeps the first bytes from reaching the server with the
                // proposal, where the negotiation would hand them to a handler that never reads
                Host client = Host.create(HostConfig.builder(HostLoopbackTest.key(6)).memory(memory)
                        .wire(WireOptions.UNOPTIMISED).build())) {
            server.handle(HOLD, stream -> stream.channel().config().setAutoRead(false)); // never reads
            server.start().join();
            client.start().join();
            Connection c = client.connect(address(server)).get(10, TimeUnit.SECONDS);
            Stream s = c.newStream(HOLD).get(10, TimeUnit.SECONDS);
            // 12 × 100 KiB: the first MiB fills the peer's window and leaves, the rest waits, paid for
            int chunk = 100 * 1024;
            for (int i = 0; i < 12; i++) {
                s.channel().writeAndFlush(Unpooled.wrappedBuffer(new byte[chunk]));
            }
            // (the window also carried the multistream negotiation, a few dozen bytes)
            long waiting = 12L * chunk - 1024 * 1024;
            await().atMost(Duration.ofSeconds(30)).until(() -> client.resourceManager().node().memoryUsed() >= waiting);
            // and the stream's own cost
            assertThat(client.resourceManager().node().memoryUsed())
                    .isBetween(waiting + StreamScopes.STREAM_BYTES, waiting + StreamScopes.STREAM_BYTES + 100);
            var refused = s.channel().writeAndFlush(Unpooled.wrappedBuffer(new byte[200 * 1024]));
            assertThat(refused.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(refused.cause()).hasMessageContaining("no memory left");
            s.channel().close();
            await().atMost(Duration.ofSeconds(30)).until(() -> client.resourceManager().node().memoryUsed() == 0);
        }
    }
}
