package io.jdht.net.multistream;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdht.net.testing.Wire;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MultistreamNegotiatorTest {
    private static final Duration T = Duration.ofSeconds(5);

    /** Collects what reaches the protocol after negotiation. */
    static final class Collector extends ChannelInboundHandlerAdapter {
        final List<String> received = new ArrayList<>();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf b = (ByteBuf) msg;
            received.add(b.toString(StandardCharsets.UTF_8));
            b.release();
        }
    }

    @Test
    void initiatorAndResponderAgreeAfterAnNa() {
        Collector atResponder = new Collector();
        MultistreamNegotiator init = MultistreamNegotiator.initiator(List.of("/a/1", "/b/1"), T, (ch, p) -> {});
        MultistreamNegotiator resp = MultistreamNegotiator.responder(Set.of("/b/1")::contains, T,
                (ch, p) -> ch.pipeline().addLast(atResponder));
        EmbeddedChannel i = new EmbeddedChannel(init);
        EmbeddedChannel r = new EmbeddedChannel(resp);
        Wire.exchange(i, r);
        assertThat(init.result()).isCompletedWithValue("/b/1");
        assertThat(resp.result()).isCompletedWithValue("/b/1");
        assertThat(i.pipeline().get(MultistreamNegotiator.class)).isNull();
        assertThat(r.pipeline().get(MultistreamNegotiator.class)).isNull();
        i.writeOutbound(Unpooled.copiedBuffer("hello", StandardCharsets.UTF_8));
        Wire.shuttle(i, r);
        assertThat(atResponder.received).containsExactly("hello");
        i.finishAndReleaseAll();
        r.finishAndReleaseAll();
    }

    @Test
    void bytesBehindTheLastMessageReachTheProtocol() {
        Collector atResponder = new Collector();
        MultistreamNegotiator resp = MultistreamNegotiator.responder(Set.of("/echo/1")::contains, T,
                (ch, p) -> ch.pipeline().addLast(atResponder));
        EmbeddedChannel r = new EmbeddedChannel(resp);
        ByteBuf lazy = Unpooled.buffer();
        lazy.writeBytes(Wire.msMessage(MultistreamNegotiator.HEADER));
        lazy.writeBytes(Wire.msMessage("/echo/1"));
        lazy.writeBytes("early data".getBytes(StandardCharsets.UTF_8));
        r.writeInbound(lazy);
        assertThat(resp.result()).isCompletedWithValue("/echo/1");
        assertThat(atResponder.received).containsExactly("early data");
        byte[] answer = Wire.drainOutbound(r);
        assertThat(new String(answer, StandardCharsets.UTF_8)).contains("/multistream/1.0.0\n").contains("/echo/1\n");
        r.finishAndReleaseAll();
    }

    @Test
    void noCommonProtocolFailsAndCloses() {
        MultistreamNegotiator init = MultistreamNegotiator.initiator(List.of("/x/1"), T, (ch, p) -> {});
        MultistreamNegotiator resp = MultistreamNegotiator.responder(p -> false, T, (ch, p) -> {});
        EmbeddedChannel i = new EmbeddedChannel(init);
        EmbeddedChannel r = new EmbeddedChannel(resp);
        Wire.exchange(i, r);
        assertThat(init.result()).isCompletedExceptionally();
        assertThat(init.result().exceptionNow()).isInstanceOf(NegotiationException.class).hasMessageContaining("/x/1");
        assertThat(i.isOpen()).isFalse();
        assertThat(r.isOpen()).isTrue(); // the responder keeps waiting for another proposal
        i.finishAndReleaseAll();
        r.finishAndReleaseAll();
    }

    @Test
    void garbageOversizeAndBadHeaderAreRefused() {
        for (ByteBuf bad : List.of(
                Unpooled.wrappedBuffer(new byte[] {(byte) 0xff, (byte) 0xff, 0x7f}),
                Unpooled.buffer().writeBytes(io.jdht.multiformats.Varint.encode(5000)).writeZero(10),
                Wire.msMessage("/not-multistream/9"),
                Unpooled.buffer().writeByte(3).writeBytes("abc".getBytes(StandardCharsets.UTF_8)))) {
            MultistreamNegotiator resp = MultistreamNegotiator.responder(p -> true, T, (ch, p) -> {});
            EmbeddedChannel r = new EmbeddedChannel(resp);
            r.writeInbound(bad);
            assertThat(resp.result()).isCompletedExceptionally();
            assertThat(resp.result().exceptionNow()).isInstanceOf(NegotiationException.class);
            assertThat(r.isOpen()).isFalse();
            r.finishAndReleaseAll();
        }
    }

    @Test
    void silenceTimesOut() throws Exception {
        MultistreamNegotiator resp = MultistreamNegotiator.responder(p -> true, Duration.ofMillis(50), (ch, p) -> {});
        EmbeddedChannel r = new EmbeddedChannel(resp);
        Thread.sleep(80);
        r.advanceTimeBy(100, TimeUnit.MILLISECONDS);
        r.runScheduledPendingTasks();
        assertThat(resp.result()).isCompletedExceptionally();
        assertThat(resp.result().exceptionNow()).hasMessageContaining("timed out");
        assertThat(r.isOpen()).isFalse();
        r.finishAndReleaseAll();
    }

    @Test
    void lsIsAnsweredWithNa() {
        MultistreamNegotiator resp = MultistreamNegotiator.responder(p -> true, T, (ch, p) -> {});
        EmbeddedChannel r = new EmbeddedChannel(resp);
        Wire.drainOutbound(r);
        ByteBuf in = Unpooled.buffer();
        in.writeBytes(Wire.msMessage(MultistreamNegotiator.HEADER)).writeBytes(Wire.msMessage("ls"));
        r.writeInbound(in);
        assertThat(new String(Wire.drainOutbound(r), StandardCharsets.UTF_8)).isEqualTo("\u0003na\n");
        assertThat(resp.result()).isNotDone();
        r.finishAndReleaseAll();
    }
}
