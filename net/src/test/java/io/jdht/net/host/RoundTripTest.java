package io.jdht.net.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdht.multiformats.Multiaddr;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Counts the round trips of a request with {@link WireOptions#oneWayDelay}: on 127.0.0.1 the delay
 * dwarfs everything else, so a request's time divided by the round-trip time, rounded down, is the
 * number of round trips it waited for. The delay is large (250 ms one way) so that what a slow,
 * loaded machine adds (handshake crypto, scheduling) stays well under a round trip, and one dial
 * before the tests loads the classes; the test checks the count, which the wire protocol fixes.
 */
@Timeout(60)
class RoundTripTest {
    private static final String ECHO = "/jdht-test/echo/1.0.0";
    private static final Duration ONE_WAY = Duration.ofMillis(250);
    private static final long RTT_NANOS = 2 * ONE_WAY.toNanos();

    @BeforeAll
    static void loadTheClassesOfADial() throws Exception {
        try (Host server = host(11, WireOptions.DEFAULT, Duration.ZERO); Host client = host(12, WireOptions.DEFAULT, Duration.ZERO)) {
            roundTrips(client, server, true);
        }
    }

    private static Host host(int seed, WireOptions wire) {
        return host(seed, wire, ONE_WAY);
    }

    private static Host host(int seed, WireOptions wire, Duration oneWay) {
        Host h = Host.create(HostConfig.builder(HostLoopbackTest.key(seed)).wire(wire.withOneWayDelay(oneWay)).build());
        h.handle(ECHO, stream -> stream.channel().pipeline().addLast(new SimpleChannelInboundHandler<ByteBuf>() {
            @Override
            protected void channelRead0(ChannelHandlerContext ctx, ByteBuf msg) {
                ctx.writeAndFlush(msg.retain());
            }
        }));
        h.start().join();
        return h;
    }

    /** Round trips of one echo between a new server and a new client host, with these wire options. */
    private static int roundTrips(int seed, WireOptions server, WireOptions client, boolean dial) throws Exception {
        try (Host s = host(seed, server); Host c = host(seed + 1, client)) {
            return roundTrips(c, s, dial);
        }
    }

    /** Opens an echo stream on the connection (dialling first if {@code dial}), sends a byte, waits for it back. */
    private static int roundTrips(Host client, Host server, boolean dial) throws Exception {
        Multiaddr address = HostLoopbackTest.addressOf(server);
        if (!dial) {
            client.connect(address).get(20, TimeUnit.SECONDS);
        }
        long start = System.nanoTime();
        CompletableFuture<Void> echoed = client.connect(address)
                .thenCompose(c -> c.newStream(ECHO))
                .thenCompose(stream -> {
                    CompletableFuture<Void> back = new CompletableFuture<>();
                    stream.channel().eventLoop().execute(() -> {
                        stream.channel().pipeline().addLast(new SimpleChannelInboundHandler<ByteBuf>() {
                            @Override
                            protected void channelRead0(ChannelHandlerContext ctx, ByteBuf msg) {
                                back.complete(null);
                            }
                        });
                        stream.channel().writeAndFlush(Unpooled.wrappedBuffer(new byte[] {42}));
                    });
                    return back;
                });
        echoed.get(20, TimeUnit.SECONDS);
        return (int) ((System.nanoTime() - start) / RTT_NANOS);
    }

    @Test
    void aRequestOnAnOpenConnectionCostsOneRoundTrip() throws Exception {
        assertThat(roundTrips(1, WireOptions.DEFAULT, WireOptions.DEFAULT, false)).isEqualTo(1);
    }

    @Test
    void waitingForTheEchoCostsASecondOne() throws Exception {
        assertThat(roundTrips(3, WireOptions.DEFAULT, WireOptions.UNOPTIMISED, false)).isEqualTo(2);
    }

    /** TCP, Noise XX (its last message carries the request along), the request: three. */
    @Test
    void aColdDialAndARequestCostThreeRoundTrips() throws Exception {
        assertThat(roundTrips(5, WireOptions.DEFAULT, WireOptions.DEFAULT, true)).isEqualTo(3);
    }

    /** TCP, /noise, Noise XX, /yamux, the stream's protocol, the request: six without the savings. */
    @Test
    void aColdDialWithoutTheSavingsCostsSix() throws Exception {
        assertThat(roundTrips(7, WireOptions.UNOPTIMISED, WireOptions.UNOPTIMISED, true)).isEqualTo(6);
    }

    /**
     * A responder that does not list its muxer in the handshake (as older peers) costs nothing more:
     * the optimistic proposal of {@code /yamux/1.0.0} leaves with the last Noise message.
     */
    @Test
    void aPeerWithoutTheInlinedMuxerCostsNoMore() throws Exception {
        WireOptions noInlinedMuxer = new WireOptions(true, false, Duration.ZERO);
        assertThat(roundTrips(9, noInlinedMuxer, WireOptions.DEFAULT, true)).isEqualTo(3);
    }

    /** Waiting for every echo but agreeing on the muxer inside Noise: the /yamux round is saved. */
    @Test
    void theInlinedMuxerAloneSavesOne() throws Exception {
        WireOptions onlyInlined = new WireOptions(false, true, Duration.ZERO);
        assertThat(roundTrips(13, onlyInlined, onlyInlined, true)).isEqualTo(5);
    }
}
