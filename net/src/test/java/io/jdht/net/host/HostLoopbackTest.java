package io.jdht.net.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.jdht.crypto.Ed25519PrivateKey;
import io.jdht.crypto.PeerId;
import io.jdht.crypto.PrivateKey;
import io.jdht.multiformats.Multiaddr;
import io.jdht.net.identify.IdentifyInfo;
import io.jdht.net.multistream.ProtocolRefusedException;
import io.jdht.net.identify.IdentifyProtocol;
import io.jdht.net.perf.PerfResult;
import io.jdht.net.ping.PingInitiator;
import io.jdht.net.ping.PingProtocol;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Two or three real hosts on 127.0.0.1: the whole stack, TCP to application protocol. */
@Timeout(60)
class HostLoopbackTest {
    private Host a;
    private Host b;

    static PrivateKey key(int seed) {
        byte[] s = new byte[32];
        s[0] = (byte) seed;
        return Ed25519PrivateKey.fromSeed(s);
    }

    static Host start(int seed) {
        Host h = Host.create(HostConfig.builder(key(seed)).agentVersion("jdht-test/" + seed).build());
        h.start().join();
        return h;
    }

    static Multiaddr addressOf(Host h) {
        return h.listenAddresses().get(0).encapsulate(Multiaddr.parse("/p2p/" + h.peerId()));
    }

    @BeforeEach
    void startHosts() {
        a = start(1);
        b = start(2);
        b.enablePerf(1L << 30);
    }

    @AfterEach
    void stopHosts() {
        a.close();
        b.close();
    }

    @Test
    void dialsPingsAndIdentifies() throws Exception {
        Connection c = a.connect(addressOf(b)).get(10, TimeUnit.SECONDS);
        assertThat(c.remotePeer()).isEqualTo(b.peerId());
        assertThat(c.direction()).isEqualTo(Direction.OUTBOUND);

        PingInitiator pinger = a.openPing(b.peerId()).get(10, TimeUnit.SECONDS);
        for (int i = 0; i < 5; i++) {
            assertThat(pinger.ping().get(5, TimeUnit.SECONDS)).isPositive();
        }

        IdentifyInfo info = c.identified().get(10, TimeUnit.SECONDS);
        assertThat(info.agentVersion()).contains("jdht-test/2");
        assertThat(info.protocols()).contains(PingProtocol.ID, IdentifyProtocol.ID, "/perf/1.0.0");
        assertThat(info.listenAddrs()).containsExactlyElementsOf(b.listenAddresses());
        assertThat(info.observedAddr()).isPresent();
        assertThat(a.peerStore().supports(b.peerId(), PingProtocol.ID)).isTrue();
        assertThat(a.peerStore().agentVersion(b.peerId())).contains("jdht-test/2");

        // b identified a too, over the same connection
        await().atMost(Duration.ofSeconds(10)).until(() -> b.peerStore().agentVersion(a.peerId()).isPresent());
        assertThat(b.connection(a.peerId())).isPresent();
    }

    @Test
    void concurrentDialsShareOneConnection() throws Exception {
        CompletableFuture<Connection> first = a.connect(addressOf(b));
        CompletableFuture<Connection> second = a.connect(addressOf(b));
        assertThat(first.get(10, TimeUnit.SECONDS)).isSameAs(second.get(10, TimeUnit.SECONDS));
        assertThat(a.connect(b.peerId(), List.of()).get(10, TimeUnit.SECONDS)).isSameAs(first.get());
        assertThat(a.connectionManager().size()).isEqualTo(1);
    }

    @Test
    void perfMovesDataBothWays() throws Exception {
        a.connect(addressOf(b)).get(10, TimeUnit.SECONDS);
        PerfResult small = a.perf(b.peerId(), 0, 100_000).get(10, TimeUnit.SECONDS);
        assertThat(small.downloadedBytes()).isEqualTo(100_000);
        PerfResult down = a.perf(b.peerId(), 0, 8 << 20).get(30, TimeUnit.SECONDS);
        assertThat(down.downloadedBytes()).isEqualTo(8 << 20);
        PerfResult up = a.perf(b.peerId(), 8 << 20, 0).get(30, TimeUnit.SECONDS);
        assertThat(up.uploadedBytes()).isEqualTo(8 << 20);
    }

    @Test
    void refusesAPeerThatIsNotTheOneDialled() {
        PeerId someoneElse = PeerId.fromPublicKey(key(99).publicKey());
        Multiaddr wrong = b.listenAddresses().get(0).encapsulate(Multiaddr.parse("/p2p/" + someoneElse));
        assertThatThrownBy(() -> a.connect(wrong).get(10, TimeUnit.SECONDS))
                .hasMessageContaining(someoneElse.toString());
        assertThat(a.connection(someoneElse)).isEmpty();
        assertThat(a.connection(b.peerId())).isEmpty();
    }

    @Test
    void garbageOnOneConnectionDoesNotDisturbOthers() throws Exception {
        InetSocketAddress target = new InetSocketAddress("127.0.0.1",
                Integer.parseInt(b.listenAddresses().get(0).value("tcp").orElseThrow()));
        try (Socket raw = new Socket()) {
            raw.connect(target, 5000);
            raw.setSoTimeout(5000);
            OutputStream out = raw.getOutputStream();
            out.write("\u0013/multistream/1.0.0\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            out.write(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x0F, 1, 2, 3});
            out.flush();
            InputStream in = raw.getInputStream();
            // b answers the header, then closes on the oversized message: read until EOF
            byte[] buf = new byte[256];
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (System.nanoTime() < deadline && in.read(buf) >= 0) {
                // drain
            }
        }
        Connection c = a.connect(addressOf(b)).get(10, TimeUnit.SECONDS);
        assertThat(a.openPing(b.peerId()).get(10, TimeUnit.SECONDS).ping().get(5, TimeUnit.SECONDS)).isPositive();
        assertThat(c.isOpen()).isTrue();
    }

    @Test
    void unknownProtocolsFailTheStreamNotTheConnection() throws Exception {
        Connection c = a.connect(addressOf(b)).get(10, TimeUnit.SECONDS);
        assertThatThrownBy(() -> c.newStream(List.of("/no/such/protocol/1.0.0", "/nor/this/1.0.0")).get(10, TimeUnit.SECONDS))
                .hasRootCauseInstanceOf(ProtocolRefusedException.class)
                .hasMessageContaining("/nor/this/1.0.0");
        assertThat(c.isOpen()).isTrue();
        assertThat(a.openPing(b.peerId()).get(10, TimeUnit.SECONDS).ping().get(5, TimeUnit.SECONDS)).isPositive();
    }

    /** One protocol goes optimistically: the stream opens at once, and its handlers learn of the refusal. */
    @Test
    void anOptimisticStreamLearnsOfARefusalAndTheConnectionLives() throws Exception {
        Connection c = a.connect(addressOf(b)).get(10, TimeUnit.SECONDS);
        Stream s = c.newStream("/no/such/protocol/1.0.0").get(10, TimeUnit.SECONDS);
        CompletableFuture<Throwable> refusal = new CompletableFuture<>();
        s.channel().eventLoop().execute(() -> {
            s.channel().pipeline().addLast(new io.netty.channel.ChannelInboundHandlerAdapter() {
                @Override
                public void exceptionCaught(io.netty.channel.ChannelHandlerContext ctx, Throwable cause) {
                    refusal.complete(cause);
                }
            });
            // the refusal may have come back before this task ran; then it is kept on the channel
            io.jdht.net.multistream.MultistreamNegotiator.optimisticFailure(s.channel()).ifPresent(refusal::complete);
            s.channel().writeAndFlush(io.netty.buffer.Unpooled.wrappedBuffer(new byte[] {3, 'a', 'b', 'c'}));
        });
        assertThat(refusal.get(10, TimeUnit.SECONDS)).isInstanceOf(ProtocolRefusedException.class)
                .hasMessageContaining("/no/such/protocol/1.0.0");
        assertThat(((ProtocolRefusedException) refusal.get()).protocol()).isEqualTo("/no/such/protocol/1.0.0");
        await().atMost(Duration.ofSeconds(10)).until(() -> !s.channel().isOpen());
        assertThat(c.isOpen()).isTrue();
        assertThat(a.openPing(b.peerId()).get(10, TimeUnit.SECONDS).ping().get(5, TimeUnit.SECONDS)).isPositive();
    }

    @Test
    void identifyPushUpdatesTheOtherSide() throws Exception {
        a.connect(addressOf(b)).get(10, TimeUnit.SECONDS).identified().get(10, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(10)).until(() -> !b.peerStore().protocols(a.peerId()).isEmpty());
        a.handle("/test/new/1.0.0", stream -> stream.channel().close());
        a.pushIdentify();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> b.peerStore().supports(a.peerId(), "/test/new/1.0.0"));
    }

    @Test
    void closedHostRefusesWork() {
        a.close();
        assertThatThrownBy(() -> a.connect(addressOf(b)).get(5, TimeUnit.SECONDS))
                .hasCauseInstanceOf(HostClosedException.class);
    }
}
