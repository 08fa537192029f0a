package io.jdht.net.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jdht.multiformats.Multiaddr;
import io.jdht.net.framing.VarintFrameDecoder;
import io.jdht.net.resources.MemoryLimits;
import io.jdht.net.yamux.YamuxStream;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A peer that opens many streams and sends each most of a large frame it never finishes can make
 * the node hold no more than its connection's memory limit: the streams past it are reset.
 */
@Timeout(120)
class PartialFrameFloodTest {
    private static final int FRAME = 1024 * 1024;
    private static final long MIB = 1024 * 1024;
    private static final String PROTOCOL = "/test/frames/1.0.0";

    /** The varint length prefix of a frame of {@code FRAME} bytes, then all of it but its last byte. */
    private static ByteBuf unfinishedFrame() {
        ByteBuf b = Unpooled.buffer(FRAME + 4);
        int v = FRAME;
        while (v >= 0x80) {
            b.writeByte((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        b.writeByte(v);
        b.writeZero(FRAME - 1);
        return b;
    }

    @Test
    void streamsBeyondTheConnectionsMemoryAreResetAndNothingLeaks() throws Exception {
        MemoryLimits memory = new MemoryLimits(64 * MIB, 64 * MIB, 4 * MIB + 64, 4 * MIB + 64, 2 * MIB);
        AtomicInteger framesSeen = new AtomicInteger();
        AtomicInteger refusals = new AtomicInteger();
        try (Host server = Host.create(HostConfig.builder(HostLoopbackTest.key(1)).memory(memory).build());
                Host attacker = Host.create(HostConfig.builder(HostLoopbackTest.key(2)).build())) {
            server.handle(PROTOCOL, stream -> stream.channel().pipeline().addLast(
                    new VarintFrameDecoder(2 * FRAME),
                    new ChannelInboundHandlerAdapter() {
                        @Override
                        public void channelRead(ChannelHandlerContext ctx, Object msg) {
                            framesSeen.incrementAndGet();
                            ReferenceCountUtil.release(msg);
                        }

                        @Override
                        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                            if (String.valueOf(cause.getMessage()).contains("no memory left")) {
                                refusals.incrementAndGet();
                            }
                            ((YamuxStream) ctx.channel()).reset(); // a bad stream ends; the connection lives
                        }
                    }));
            server.start().join();
            attacker.start().join();
            Multiaddr target = server.listenAddresses().get(0).encapsulate(Multiaddr.parse("/p2p/" + server.peerId()));
            Connection connection = attacker.connect(target).get(10, TimeUnit.SECONDS);

            int streams = 32;
            List<Stream> opened = new ArrayList<>();
            for (int i = 0; i < streams; i++) {
                Stream s = connection.newStream(PROTOCOL).get(10, TimeUnit.SECONDS);
                s.channel().writeAndFlush(unfinishedFrame());
                opened.add(s);
            }
            BooleanSupplier allSettled = () -> opened.stream().filter(s -> !s.channel().isOpen()).count() >= streams - 4;
            await().atMost(Duration.ofSeconds(30)).until(allSettled::getAsBoolean);
            long held = server.resourceManager().node().memoryUsed();
            assertThat(held).as("at most four unfinished frames fit the connection's 4 MiB").isLessThanOrEqualTo(4 * MIB + 64);
            assertThat(opened.stream().filter(s -> !s.channel().isOpen()).count())
                    .as("the streams that did not fit were reset").isGreaterThanOrEqualTo(streams - 4);
            assertThat(connection.isOpen()).as("the connection itself survives").isTrue();
            assertThat(framesSeen.get()).isZero();
            assertThat(refusals.get()).isGreaterThanOrEqualTo(streams - 4);

            connection.close().get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(30)).until(() -> server.resourceManager().node().memoryUsed() == 0);
        }
    }
}
