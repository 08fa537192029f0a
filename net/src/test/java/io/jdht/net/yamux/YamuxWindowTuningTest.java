package io.jdht.net.yamux;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdht.net.testing.Wire;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Window auto-tuning between two sessions on a simulated clock: the reader takes everything it has
 * once per step, and the clock moves by a chosen time before each read ("the reader's pace") and
 * after it ("the round trip": the window update and the ping travel while it passes).
 */
class YamuxWindowTuningTest {
    static final int MIB = 1024 * 1024;
    static final long MS = 1_000_000;

    static final class Counter extends ChannelInboundHandlerAdapter {
        long bytes;
        Channel channel;

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            channel = ctx.channel();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            bytes += ((ByteBuf) msg).readableBytes();
            ((ByteBuf) msg).release();
        }
    }

    long now;
    final Counter remote = new Counter();
    EmbeddedChannel c;
    EmbeddedChannel s;
    YamuxSession client;
    YamuxSession server;
    YamuxStream local;
    long largestWindow;
    /** The most bytes the client sent in one step: what its send window let it have in flight. */
    long largestStep;

    void connect(int maxWindow) {
        YamuxConfig config = new YamuxConfig(16, MIB, maxWindow, 32 * 1024, 128L * MIB, Duration.ofSeconds(30));
        c = new EmbeddedChannel();
        s = new EmbeddedChannel();
        client = YamuxSession.install(c, true, config, new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.close();
            }
        }, () -> now);
        server = YamuxSession.install(s, false, config, new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.config().setAutoRead(false);
                ch.pipeline().addLast(remote);
            }
        }, () -> now);
        var opened = client.openStream(new ChannelInboundHandlerAdapter());
        Wire.exchange(c, s);
        local = (YamuxStream) opened.getNow();
    }

    /** Sends {@code total} bytes, the reader reading once per step; checks the windows agree after each step. */
    void transfer(long total, long paceNanos, long roundTripNanos) {
        for (long left = total; left > 0; left -= 4 * MIB) {
            local.write(Unpooled.wrappedBuffer(new byte[(int) Math.min(left, 4 * MIB)]));
        }
        local.flush();
        Wire.exchange(c, s);
        for (int i = 0; i < 2000 && remote.bytes < total; i++) {
            now += paceNanos;
            long before = remote.bytes;
            remote.channel.read();
            now += roundTripNanos;
            Wire.exchange(c, s);
            largestStep = Math.max(largestStep, remote.bytes - before);
            long window = server.receiveWindow(local.streamId());
            largestWindow = Math.max(largestWindow, window);
            // nothing in flight: what the client may send is exactly what the server granted
            assertThat(local.sendWindow()).isEqualTo(server.receiveCredit(local.streamId()));
        }
        assertThat(remote.bytes).isEqualTo(total);
    }

    void close() {
        c.finishAndReleaseAll();
        s.finishAndReleaseAll();
    }

    @Test
    void aWindowUsedUpWithinTwoRoundTripsGrowsAndTheSendersWindowFollows() {
        connect(16 * MIB);
        transfer(64L * MIB, 0, 10 * MS);
        assertThat(server.rttNanos()).isEqualTo(10 * MS);
        assertThat(server.receiveWindow(local.streamId())).isEqualTo(16L * MIB);
        // the sender followed: in one step it sent a whole grown window
        assertThat(largestStep).isEqualTo(16L * MIB);
        close();
    }

    @Test
    void theWindowNeverGrowsBeyondTheMaximum() {
        connect(3 * MIB);
        transfer(32L * MIB, 0, 10 * MS);
        assertThat(largestWindow).isEqualTo(3L * MIB);
        assertThat(largestStep).isEqualTo(3L * MIB);
        close();
    }

    @Test
    void aWindowUsedUpSlowlyStaysAsItIs() {
        connect(16 * MIB);
        // the reader takes a second per step; the round trip is far shorter
        transfer(8L * MIB, 1000 * MS, MS);
        assertThat(server.rttNanos()).isEqualTo(MS);
        assertThat(largestWindow).isEqualTo(MIB);
        assertThat(largestStep).isEqualTo(MIB);
        close();
    }

    @Test
    void aFrameIsHandedOnAsItArrivesAndItsFinTakesEffectAfterTheBody() {
        connect(16 * MIB);
        YamuxStream accepted = (YamuxStream) remote.channel;
        accepted.config().setAutoRead(true);
        s.writeInbound(Unpooled.buffer().writeByte(0).writeByte(YamuxFrame.TYPE_DATA).writeShort(YamuxFrame.FLAG_FIN)
                .writeInt(local.streamId()).writeInt(MIB).writeZero(100_000));
        // a large frame is not gathered whole in the connection's buffer: its first part is already read
        assertThat(remote.bytes).isEqualTo(100_000);
        assertThat(accepted.isInputShutdown()).isFalse();
        s.writeInbound(Unpooled.buffer().writeZero(MIB - 100_000));
        assertThat(remote.bytes).isEqualTo(MIB);
        assertThat(accepted.isInputShutdown()).isTrue();
        close();
    }

    @Test
    void aDataFrameBeyondTheCurrentCreditIsRefusedAtItsHeader() {
        connect(16 * MIB);
        // the stream's credit is 1 MiB: a 2 MiB frame is refused before its body, though the maximum is larger
        s.writeInbound(Unpooled.buffer().writeByte(0).writeByte(YamuxFrame.TYPE_DATA).writeShort(0)
                .writeInt(local.streamId()).writeInt(2 * MIB));
        assertThat(s.isOpen()).isFalse();
        close();
    }
}
