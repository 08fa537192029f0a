package io.jdht.net.yamux;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdht.net.testing.Wire;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.concurrent.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One session against a hand-written peer: what a peer that breaks the rules (never finishes its
 * side, sends past its window, sends without reading) can and cannot make the session do or hold.
 */
class YamuxLimitsTest {
    private static final int WINDOW = YamuxConfig.DEFAULT.receiveWindow();

    private final EmbeddedChannel ch = new EmbeddedChannel();
    private final List<Channel> accepted = new ArrayList<>();

    @AfterEach
    void finish() {
        ch.finishAndReleaseAll();
    }

    /** Installs a session on {@link #ch}; every stream the peer opens is handed to {@code onAccept}. */
    private YamuxSession session(boolean client, YamuxConfig config, Consumer<Channel> onAccept) {
        ch.freezeTime(); // grace timers move only when a test advances the clock
        return YamuxSession.install(ch, client, config, new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel stream) {
                accepted.add(stream);
                onAccept.accept(stream);
            }
        });
    }

    private static ByteBuf frame(int type, int flags, int id, long length) {
        return Unpooled.buffer().writeByte(0).writeByte(type).writeShort(flags).writeInt(id).writeInt((int) length);
    }

    private static ByteBuf data(int id, int flags, int n) {
        return frame(YamuxFrame.TYPE_DATA, flags, id, n).writeZero(n);
    }

    /** The headers of everything the session wrote since the last call (data payloads skipped). */
    private List<YamuxFrame.Header> sent() throws YamuxException {
        ByteBuf out = Unpooled.wrappedBuffer(Wire.drainOutbound(ch));
        List<YamuxFrame.Header> headers = new ArrayList<>();
        while (out.isReadable()) {
            YamuxFrame.Header h = YamuxFrame.read(out);
            headers.add(h);
            if (h.type() == YamuxFrame.TYPE_DATA) {
                out.skipBytes((int) h.length());
            }
        }
        return headers;
    }

    private static boolean hasReset(List<YamuxFrame.Header> frames, int id) {
        return frames.stream().anyMatch(h -> h.streamId() == id && h.has(YamuxFrame.FLAG_RST));
    }

    private static boolean hasProtocolErrorGoAway(List<YamuxFrame.Header> frames) {
        return frames.stream().anyMatch(h -> h.type() == YamuxFrame.TYPE_GO_AWAY
                && h.length() == YamuxFrame.GO_AWAY_PROTOCOL_ERROR);
    }

    private Channel open(YamuxSession session) {
        Future<Channel> f = session.openStream(new ChannelInboundHandlerAdapter());
        ch.runPendingTasks();
        assertThat(f.cause()).isNull();
        assertThat(f.isSuccess()).isTrue();
        return f.getNow();
    }

    // --- streams we closed and the peer never finishes ------------------------------------------

    @Test
    void streamsWeClosedDoNotCountTowardTheLimit() throws Exception {
        YamuxSession session = session(true, YamuxConfig.DEFAULT.withMaxStreams(2), s -> {});
        open(session).close();
        open(session).close();
        ch.runPendingTasks();
        // the peer answers neither FIN, yet a new stream may open
        Channel third = open(session);
        assertThat(session.streamCount()).isEqualTo(1);
        assertThat(session.closingStreamCount()).isEqualTo(2);
        assertThat(hasReset(sent(), ((YamuxStream) third).streamId())).isFalse();
    }

    @Test
    void aPeerThatNeverFinishesCanStillOpenStreamsUpToTheLimit() throws Exception {
        YamuxSession session = session(false, YamuxConfig.DEFAULT.withMaxStreams(2), Channel::close);
        for (int id = 1; id <= 7; id += 2) { // four streams, each closed by us at once, none finished by the peer
            ch.writeInbound(frame(YamuxFrame.TYPE_WINDOW_UPDATE, YamuxFrame.FLAG_SYN, id, 0));
            ch.runPendingTasks();
        }
        List<YamuxFrame.Header> out = sent();
        assertThat(accepted).hasSize(4);
        for (int id = 1; id <= 7; id += 2) {
            int stream = id;
            assertThat(out).as("stream " + id).anyMatch(h -> h.streamId() == stream && h.has(YamuxFrame.FLAG_ACK));
        }
        assertThat(session.streamCount()).isZero();
    }

    @Test
    void aStreamThePeerNeverFinishesIsResetOnceTheGraceRunsOut() throws Exception {
        YamuxSession session = session(true, YamuxConfig.DEFAULT.withCloseGrace(Duration.ofSeconds(5)), s -> {});
        YamuxStream unfinished = (YamuxStream) open(session);
        YamuxStream finished = (YamuxStream) open(session);
        unfinished.close();
        finished.close();
        ch.runPendingTasks();
        assertThat(sent()).anyMatch(h -> h.streamId() == unfinished.streamId() && h.has(YamuxFrame.FLAG_FIN));
        // the peer finishes one of them in time: it is forgotten at once and never reset
        ch.writeInbound(data(finished.streamId(), YamuxFrame.FLAG_FIN, 0));
        assertThat(session.closingStreamCount()).isEqualTo(1);

        ch.advanceTimeBy(4, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
        assertThat(hasReset(sent(), unfinished.streamId())).as("reset before the grace ran out").isFalse();
        assertThat(session.closingStreamCount()).isEqualTo(1);

        ch.advanceTimeBy(2, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
        List<YamuxFrame.Header> out = sent();
        assertThat(hasReset(out, unfinished.streamId())).isTrue();
        assertThat(hasReset(out, finished.streamId())).isFalse();
        assertThat(session.closingStreamCount()).isZero();
        // what the peer sends on the forgotten stream later is dropped, not an error
        ch.writeInbound(data(unfinished.streamId(), 0, 100));
        assertThat(ch.isOpen()).isTrue();
        assertThat(sent()).isEmpty();
    }

    @Test
    void closingStreamsBeyondTheStreamLimitAreResetOldestFirst() throws Exception {
        YamuxSession session = session(true, YamuxConfig.DEFAULT.withMaxStreams(2), s -> {});
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Channel stream = open(session);
            ids.add(((YamuxStream) stream).streamId());
            stream.close();
            ch.runPendingTasks();
        }
        List<YamuxFrame.Header> out = sent();
        assertThat(hasReset(out, ids.get(0))).isTrue();
        assertThat(hasReset(out, ids.get(1))).isFalse();
        assertThat(hasReset(out, ids.get(2))).isFalse();
        assertThat(session.closingStreamCount()).isEqualTo(2);
    }

    // --- flow control --------------------------------------------------------------------------

    @Test
    void dataBeyondTheGrantedWindowIsAProtocolError() throws Exception {
        session(false, YamuxConfig.DEFAULT, s -> s.config().setAutoRead(false)); // nothing read, nothing granted again
        ch.writeInbound(frame(YamuxFrame.TYPE_WINDOW_UPDATE, YamuxFrame.FLAG_SYN, 1, 0));
        // each frame fits the largest window; together they use the stream's grant exactly
        ch.writeInbound(data(1, 0, WINDOW - 1000));
        ch.writeInbound(data(1, 0, 1000));
        assertThat(hasProtocolErrorGoAway(sent())).isFalse();
        assertThat(ch.isOpen()).isTrue();
        // one byte more than granted
        ch.writeInbound(data(1, 0, 1));
        assertThat(hasProtocolErrorGoAway(sent())).isTrue();
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void aDataFrameLongerThanAnyWindowIsRefusedBeforeItsBodyArrives() throws Exception {
        session(false, YamuxConfig.DEFAULT, s -> {});
        ch.writeInbound(frame(YamuxFrame.TYPE_WINDOW_UPDATE, YamuxFrame.FLAG_SYN, 1, 0));
        ch.writeInbound(frame(YamuxFrame.TYPE_DATA, 0, 1, WINDOW + 1)); // the header alone
        assertThat(hasProtocolErrorGoAway(sent())).isTrue();
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void aFrameForAStreamTheSessionDoesNotKnowMayNotExceedAnyWindow() throws Exception {
        // no stream state checks such a frame's length: only the header check does, and without it
        // a peer could make the session drain (read and drop) gigabytes on a stream id it never opened
        session(false, YamuxConfig.DEFAULT, s -> {});
        ch.writeInbound(frame(YamuxFrame.TYPE_DATA, 0, 7, YamuxConfig.DEFAULT.maxReceiveWindow())); // allowed: drained
        ch.writeInbound(Unpooled.buffer().writeZero(YamuxConfig.DEFAULT.maxReceiveWindow()));
        assertThat(hasProtocolErrorGoAway(sent())).isFalse();
        ch.writeInbound(frame(YamuxFrame.TYPE_DATA, 0, 9, YamuxConfig.DEFAULT.maxReceiveWindow() + 1L)); // the header alone
        assertThat(hasProtocolErrorGoAway(sent())).isTrue();
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void aDataFrameAsLongAsTheWindowIsAwaited() throws Exception {
        session(false, YamuxConfig.DEFAULT, s -> {});
        ch.writeInbound(frame(YamuxFrame.TYPE_WINDOW_UPDATE, YamuxFrame.FLAG_SYN, 1, 0));
        ch.writeInbound(frame(YamuxFrame.TYPE_DATA, 0, 1, WINDOW)); // the header alone: the body may follow
        assertThat(hasProtocolErrorGoAway(sent())).isFalse();
        assertThat(ch.isOpen()).isTrue();
    }

    // --- memory a peer can make us hold -------------------------------------------------------

    @Test
    void dataAStreamHasNotReadDoesNotHoldOnToTheConnectionsReadBuffers() throws Exception {
        ByteBuf delivered = Unpooled.buffer();
        session(false, YamuxConfig.DEFAULT, s -> {
            s.config().setAutoRead(false);
            s.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                @Override
                public void channelRead(io.netty.channel.ChannelHandlerContext ctx, Object msg) {
                    delivered.writeBytes((ByteBuf) msg);
                    ((ByteBuf) msg).release();
                }
            });
        });
        ch.writeInbound(frame(YamuxFrame.TYPE_WINDOW_UPDATE, YamuxFrame.FLAG_SYN, 1, 0));
        // Each read brings one tiny frame in a big buffer, as a socket read can: if the stream
        // kept slices of them, one byte of window would pin 64 KiB, a thousand times over.
        List<ByteBuf> reads = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            ByteBuf read = Unpooled.buffer(64 * 1024).writeBytes(frame(YamuxFrame.TYPE_DATA, 0, 1, 1)).writeByte(i);
            reads.add(read);
            ch.writeInbound(read);
        }
        assertThat(reads).as("read buffers still referenced").allMatch(b -> b.refCnt() == 0);
        accepted.get(0).read();
        assertThat(delivered.readableBytes()).isEqualTo(1000);
        for (int i = 0; i < 1000; i++) {
            assertThat(delivered.getByte(i)).isEqualTo((byte) i);
        }
        delivered.release();
    }

    /** Sends {@code batches} reads of a thousand pings each, stopping early if the session closes. */
    private void pingFlood(int batches) {
        for (int b = 0; b < batches && ch.isOpen(); b++) {
            ByteBuf pings = Unpooled.buffer();
            for (int i = 0; i < 1000; i++) {
                pings.writeBytes(frame(YamuxFrame.TYPE_PING, YamuxFrame.FLAG_SYN, 0, i));
            }
            ch.writeInbound(pings);
        }
    }

    @Test
    void aPeerThatSendsButNeverReadsIsCutOffBeforeOurRepliesPileUp() {
        // a connection whose bytes never leave: the peer does not read what we send
        ch.pipeline().addLast(new io.netty.channel.ChannelOutboundHandlerAdapter() {
            @Override
            public void flush(io.netty.channel.ChannelHandlerContext ctx) {}
        });
        session(false, YamuxConfig.DEFAULT, s -> {});
        // ten thousand pongs would hold about 1 MiB here (each queued write costs its bytes and ~96 more)
        pingFlood(10);
        assertThat(ch.isOpen()).as("still open after 10 000 unanswerable pings").isFalse();
    }

    @Test
    void aPeerThatReadsMayPingAsMuchAsItLikes() throws Exception {
        session(false, YamuxConfig.DEFAULT, s -> {});
        pingFlood(10);
        assertThat(ch.isOpen()).isTrue();
        assertThat(sent()).hasSize(10_000).allMatch(h -> h.type() == YamuxFrame.TYPE_PING && h.has(YamuxFrame.FLAG_ACK));
    }
}
