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
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class YamuxSessionTest {
    /** Records what a stream receives and whether the peer half-closed it. */
    static final class Sink extends ChannelInboundHandlerAdapter {
        final ByteBuf data = Unpooled.buffer();
        boolean remoteClosed;
        Channel channel;

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            channel = ctx.channel();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf b = (ByteBuf) msg;
            data.writeBytes(b);
            b.release();
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof ChannelInputShutdownEvent) {
                remoteClosed = true;
            }
        }

        byte[] bytes() {
            byte[] out = new byte[data.readableBytes()];
            data.getBytes(0, out);
            return out;
        }
    }

    final List<Sink> accepted = new ArrayList<>();

    record Pair(EmbeddedChannel c, EmbeddedChannel s, YamuxSession client, YamuxSession server) {}

    Pair pair(YamuxConfig config, Consumer<Channel> onAccept) {
        EmbeddedChannel c = new EmbeddedChannel();
        EmbeddedChannel s = new EmbeddedChannel();
        YamuxSession client = YamuxSession.install(c, true, config, new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.close(); // the client accepts nothing in these tests
            }
        });
        YamuxSession server = YamuxSession.install(s, false, config, new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                Sink sink = new Sink();
                accepted.add(sink);
                ch.pipeline().addLast(sink);
                onAccept.accept(ch);
            }
        });
        return new Pair(c, s, client, server);
    }

    Sink open(Pair p) {
        Sink sink = new Sink();
        var f = p.client().openStream(sink);
        Wire.exchange(p.c(), p.s());
        assertThat(f.isSuccess()).isTrue();
        return sink;
    }

    @Test
    void dataBothWaysThenHalfClosesEndTheStream() {
        Pair p = pair(YamuxConfig.DEFAULT, ch -> {});
        Sink local = open(p);
        assertThat(accepted).hasSize(1);
        Sink remote = accepted.get(0);
        assertThat(((YamuxStream) local.channel).streamId() % 2).isEqualTo(1);

        local.channel.writeAndFlush(Unpooled.copiedBuffer("ping".getBytes()));
        Wire.exchange(p.c(), p.s());
        assertThat(remote.bytes()).isEqualTo("ping".getBytes());
        remote.channel.writeAndFlush(Unpooled.copiedBuffer("pong".getBytes()));
        Wire.exchange(p.c(), p.s());
        assertThat(local.bytes()).isEqualTo("pong".getBytes());

        ((DuplexChannel) local.channel).shutdownOutput();
        Wire.exchange(p.c(), p.s());
        assertThat(remote.remoteClosed).isTrue();
        assertThat(local.channel.isOpen()).isTrue();
        ((DuplexChannel) remote.channel).shutdownOutput();
        Wire.exchange(p.c(), p.s());
        assertThat(local.remoteClosed).isTrue();
        assertThat(local.channel.isOpen()).isFalse();
        assertThat(remote.channel.isOpen()).isFalse();
        assertThat(p.client().streamCount()).isZero();
        assertThat(p.server().streamCount()).isZero();
        p.c().finishAndReleaseAll();
        p.s().finishAndReleaseAll();
    }

    @Test
    void theSenderStopsAtThePeersWindowAndResumesOnUpdate() {
        Pair p = pair(YamuxConfig.DEFAULT, ch -> ch.config().setAutoRead(false));
        Sink local = open(p);
        Sink remote = accepted.get(0);
        byte[] payload = new byte[3 * 1024 * 1024];
        new Random(1).nextBytes(payload);
        local.channel.writeAndFlush(Unpooled.wrappedBuffer(payload));
        Wire.exchange(p.c(), p.s());
        // nothing is read on the far side, so only one window's worth has crossed, and is buffered there
        assertThat(remote.data.readableBytes()).isZero();
        remote.channel.read();
        Wire.exchange(p.c(), p.s());
        assertThat(remote.data.readableBytes()).isEqualTo(YamuxConfig.DEFAULT.receiveWindow());
        remote.channel.config().setAutoRead(true);
        for (int i = 0; i < 20 && remote.data.readableBytes() < payload.length; i++) {
            remote.channel.read();
            Wire.exchange(p.c(), p.s());
        }
        assertThat(java.util.Arrays.mismatch(remote.bytes(), payload)).isEqualTo(-1);
        p.c().finishAndReleaseAll();
        p.s().finishAndReleaseAll();
    }

    @Test
    void manyStreamsInterleaveWithoutMixingBytes() {
        Pair p = pair(YamuxConfig.DEFAULT, ch -> {});
        List<Sink> locals = new ArrayList<>();
        List<byte[]> payloads = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            locals.add(open(p));
            byte[] b = new byte[600_000 + i];
            new Random(i).nextBytes(b);
            payloads.add(b);
        }
        for (int i = 0; i < 8; i++) {
            locals.get(i).channel.writeAndFlush(Unpooled.wrappedBuffer(payloads.get(i)));
        }
        Wire.exchange(p.c(), p.s());
        for (int i = 0; i < 8; i++) {
            byte[] got = accepted.get(i).bytes();
            assertThat(got.length).isEqualTo(payloads.get(i).length);
            assertThat(java.util.Arrays.mismatch(got, payloads.get(i))).as("first differing byte of stream " + i).isEqualTo(-1);
        }
        p.c().finishAndReleaseAll();
        p.s().finishAndReleaseAll();
    }

    @Test
    void resetClosesBothEnds() {
        Pair p = pair(YamuxConfig.DEFAULT, ch -> {});
        Sink local = open(p);
        ((YamuxStream) local.channel).reset();
        Wire.exchange(p.c(), p.s());
        assertThat(local.channel.isOpen()).isFalse();
        assertThat(accepted.get(0).channel.isOpen()).isFalse();
        assertThat(p.server().streamCount()).isZero();
        p.c().finishAndReleaseAll();
        p.s().finishAndReleaseAll();
    }

    @Test
    void streamsBeyondTheLimitAreReset() {
        Pair p = pair(YamuxConfig.DEFAULT.withMaxStreams(2), ch -> {});
        EmbeddedChannel s = p.s();
        ByteBuf syns = Unpooled.buffer();
        for (int id = 1; id <= 5; id += 2) {
            syns.writeByte(0).writeByte(YamuxFrame.TYPE_WINDOW_UPDATE).writeShort(YamuxFrame.FLAG_SYN).writeInt(id).writeInt(0);
        }
        s.writeInbound(syns);
        assertThat(accepted).hasSize(2);
        ByteBuf out = Unpooled.wrappedBuffer(Wire.drainOutbound(s));
        boolean sawReset = false;
        while (out.readableBytes() >= 12) {
            out.skipBytes(2);
            int flags = out.readUnsignedShort();
            int id = out.readInt();
            out.skipBytes(4);
            sawReset |= id == 5 && (flags & YamuxFrame.FLAG_RST) != 0;
        }
        assertThat(sawReset).isTrue();
        p.c().finishAndReleaseAll();
        s.finishAndReleaseAll();
    }

    @Test
    void pingIsAnsweredWithTheSameOpaqueValue() {
        Pair p = pair(YamuxConfig.DEFAULT, ch -> {});
        p.s().writeInbound(Unpooled.buffer().writeByte(0).writeByte(YamuxFrame.TYPE_PING)
                .writeShort(YamuxFrame.FLAG_SYN).writeInt(0).writeInt(0xCAFE));
        ByteBuf out = Unpooled.wrappedBuffer(Wire.drainOutbound(p.s()));
        assertThat(out.getUnsignedByte(1)).isEqualTo((short) YamuxFrame.TYPE_PING);
        assertThat(out.getUnsignedShort(2)).isEqualTo(YamuxFrame.FLAG_ACK);
        assertThat(out.getInt(8)).isEqualTo(0xCAFE);
        p.c().finishAndReleaseAll();
        p.s().finishAndReleaseAll();
    }

    @Test
    void protocolViolationsSendGoAwayAndClose() {
        for (ByteBuf bad : List.of(
                // version 1
                Unpooled.buffer().writeByte(1).writeByte(0).writeShort(0).writeInt(1).writeInt(0),
                // data beyond the window on a fresh stream
                Unpooled.buffer().writeByte(0).writeByte(0).writeShort(YamuxFrame.FLAG_SYN).writeInt(1)
                        .writeInt(2 * 1024 * 1024).writeZero(16),
                // a server-side (even) id opened by the client
                Unpooled.buffer().writeByte(0).writeByte(1).writeShort(YamuxFrame.FLAG_SYN).writeInt(2).writeInt(0))) {
            Pair p = pair(YamuxConfig.DEFAULT, ch -> {});
            p.s().writeInbound(bad);
            byte[] out = Wire.drainOutbound(p.s());
            assertThat(out.length).isGreaterThanOrEqualTo(12);
            assertThat(out[out.length - 11]).isEqualTo((byte) YamuxFrame.TYPE_GO_AWAY);
            assertThat(p.s().isOpen()).isFalse();
            p.c().finishAndReleaseAll();
            p.s().finishAndReleaseAll();
        }
    }
}
