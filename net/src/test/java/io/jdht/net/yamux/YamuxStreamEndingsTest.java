package io.jdht.net.yamux;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdht.net.testing.Wire;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.ChannelOutputShutdownException;
import io.netty.channel.socket.DuplexChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a stream ends: FIN after all queued data, nothing after FIN, bounded queues, go-away on close. */
class YamuxStreamEndingsTest {
    /** Counts what a stream receives and notes the bytes that came after the peer's FIN. */
    static final class Counter extends ChannelInboundHandlerAdapter {
        long bytes;
        long bytesAfterFin;
        boolean fin;
        Channel channel;

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            channel = ctx.channel();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf b = (ByteBuf) msg;
            bytes += b.readableBytes();
            if (fin) {
                bytesAfterFin += b.readableBytes();
            }
            b.release();
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof ChannelInputShutdownEvent) {
                fin = true;
            }
        }
    }

    final List<Counter> accepted = new ArrayList<>();
    final EmbeddedChannel c = new EmbeddedChannel();
    final EmbeddedChannel s = new EmbeddedChannel();
    final YamuxSession client = YamuxSession.install(c, true, YamuxConfig.DEFAULT, new ChannelInitializer<>() {
        @Override
        protected void initChannel(Channel ch) {
            ch.close();
        }
    });
    final YamuxSession server = YamuxSession.install(s, false, YamuxConfig.DEFAULT, new ChannelInitializer<>() {
        @Override
        protected void initChannel(Channel ch) {
            Counter counter = new Counter();
            accepted.add(counter);
            ch.pipeline().addLast(counter);
        }
    });

    Channel open() {
        var f = client.openStream(new Counter());
        Wire.exchange(c, s);
        assertThat(f.isSuccess()).isTrue();
        return f.getNow();
    }

    void finish() {
        c.finishAndReleaseAll();
        s.finishAndReleaseAll();
    }

    @Test
    void shutdownOutputCompletesOnlyOnceTheQueuedDataAndTheFinAreOut() {
        Channel stream = client.openStream(new Counter()).getNow(); // no ACK yet: 256 KiB of window
        int total = 600 * 1024;
        stream.writeAndFlush(Unpooled.wrappedBuffer(new byte[total]));
        ChannelFuture fin = ((DuplexChannel) stream).shutdownOutput();
        assertThat(fin.isDone()).as("FIN must wait for the data the window holds back").isFalse();
        fin.addListener(ChannelFutureListener.CLOSE); // the usual "send everything, then close"
        Wire.exchange(c, s);
        assertThat(fin.isSuccess()).isTrue();
        assertThat(accepted.get(0).bytes).isEqualTo(total);
        assertThat(accepted.get(0).fin).isTrue();
        finish();
    }

    @Test
    void nothingIsWrittenAfterShutdownOutput() {
        Channel stream = open();
        stream.writeAndFlush(Unpooled.wrappedBuffer("a".getBytes()));
        ((DuplexChannel) stream).shutdownOutput();
        ChannelFuture late = stream.writeAndFlush(Unpooled.wrappedBuffer("b".getBytes()));
        Wire.exchange(c, s);
        assertThat(late.cause()).isInstanceOf(ChannelOutputShutdownException.class);
        assertThat(accepted.get(0).bytes).isEqualTo(1);
        assertThat(accepted.get(0).bytesAfterFin).isZero();
        finish();
    }

    @Test
    void aWriterThatIgnoresWritabilityHitsTheQueueLimit() {
        Channel stream = open();
        accepted.get(0).channel.config().setAutoRead(false); // the peer stops reading: the window stays shut
        long limit = YamuxConfig.DEFAULT.maxBufferedBytes();
        ChannelFuture last = null;
        for (int i = 0; i < 40 && (last == null || last.cause() == null); i++) {
            last = stream.writeAndFlush(Unpooled.wrappedBuffer(new byte[1 << 20]));
            Wire.exchange(c, s);
        }
        assertThat(last.cause()).isInstanceOf(YamuxException.class).hasMessageContaining("limit");
        assertThat(stream.unsafe().outboundBuffer().totalPendingWriteBytes()).isLessThanOrEqualTo(limit);
        finish();
    }

    @Test
    void closingTheConnectionSendsANormalGoAway() {
        Wire.exchange(c, s);
        c.close();
        byte[] out = Wire.drainOutbound(c);
        assertThat(out).hasSize(12);
        assertThat(out[1]).isEqualTo((byte) YamuxFrame.TYPE_GO_AWAY);
        assertThat(java.nio.ByteBuffer.wrap(out, 8, 4).getInt()).isEqualTo(YamuxFrame.GO_AWAY_NORMAL);
        finish();
    }
}
