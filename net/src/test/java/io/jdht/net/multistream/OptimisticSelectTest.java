package io.jdht.net.multistream;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdht.net.multistream.MultistreamNegotiatorTest.Collector;
import io.jdht.net.testing.Wire;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The initiator that proposes one protocol and speaks it before the echo comes back. */
class OptimisticSelectTest {
    private static final Duration T = Duration.ofSeconds(5);

    /** Writes its message as soon as it is installed, and records failures it is told of. */
    static final class EagerProtocol extends ChannelInboundHandlerAdapter {
        final List<Throwable> failures = new ArrayList<>();
        final Collector received = new Collector();

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            ctx.writeAndFlush(Unpooled.copiedBuffer("request", StandardCharsets.UTF_8));
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            received.channelRead(ctx, msg);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            failures.add(cause);
        }
    }

    @Test
    void theProposalAndTheFirstMessageLeaveInOneFlightAndTheEchoIsCheckedLater() {
        EagerProtocol atInitiator = new EagerProtocol();
        Collector atResponder = new Collector();
        MultistreamNegotiator init = MultistreamNegotiator.optimistic("/echo/1", T,
                (ch, p) -> ch.pipeline().addLast(atInitiator));
        EmbeddedChannel i = new EmbeddedChannel(init);
        // before anything came back: header, proposal and the protocol's request are all out
        String sent = new String(Wire.drainOutbound(i), StandardCharsets.UTF_8);
        assertThat(sent).contains("/multistream/1.0.0\n").contains("/echo/1\n").endsWith("request");
        assertThat(init.result()).isNotDone();

        MultistreamNegotiator resp = MultistreamNegotiator.responder(Set.of("/echo/1")::contains, T, (ch, p) -> {
            ch.pipeline().addLast(atResponder);
        });
        EmbeddedChannel r = new EmbeddedChannel(resp);
        r.writeInbound(Unpooled.copiedBuffer(sent, StandardCharsets.UTF_8));
        assertThat(atResponder.received).containsExactly("request");
        // the echo and the answer come back together; the answer reaches the protocol, not the negotiator
        r.writeOutbound(Unpooled.copiedBuffer("answer", StandardCharsets.UTF_8));
        i.writeInbound(Unpooled.wrappedBuffer(Wire.drainOutbound(r)));
        assertThat(init.result()).isCompletedWithValue("/echo/1");
        assertThat(i.pipeline().get(MultistreamNegotiator.class)).isNull();
        assertThat(atInitiator.received.received).containsExactly("answer");
        assertThat(atInitiator.failures).isEmpty();
        i.finishAndReleaseAll();
        r.finishAndReleaseAll();
    }

    @Test
    void aRefusalReachesTheProtocolAsAnExceptionAndClosesTheStream() {
        EagerProtocol atInitiator = new EagerProtocol();
        MultistreamNegotiator init = MultistreamNegotiator.optimistic("/gone/1", T,
                (ch, p) -> ch.pipeline().addLast(atInitiator));
        EmbeddedChannel i = new EmbeddedChannel(init);
        MultistreamNegotiator resp = MultistreamNegotiator.responder(p -> false, T, (ch, p) -> {});
        EmbeddedChannel r = new EmbeddedChannel(resp);
        Wire.exchange(i, r);
        assertThat(init.result()).isCompletedExceptionally();
        assertThat(atInitiator.failures).singleElement().isInstanceOfSatisfying(ProtocolRefusedException.class,
                e -> assertThat(e.protocol()).isEqualTo("/gone/1"));
        assertThat(i.isOpen()).isFalse();
        // the responder read the optimistic request as another proposal: it agreed to nothing
        assertThat(resp.result().isDone() && !resp.result().isCompletedExceptionally()).isFalse();
        i.finishAndReleaseAll();
        r.finishAndReleaseAll();
    }

    @Test
    void garbageInsteadOfAnEchoFailsTheProtocolToo() {
        EagerProtocol atInitiator = new EagerProtocol();
        EmbeddedChannel i = new EmbeddedChannel(MultistreamNegotiator.optimistic("/echo/1", T,
                (ch, p) -> ch.pipeline().addLast(atInitiator)));
        Wire.drainOutbound(i);
        i.writeInbound(Unpooled.wrappedBuffer(Wire.msMessage(MultistreamNegotiator.HEADER)));
        i.writeInbound(Unpooled.wrappedBuffer(Wire.msMessage("/other/1")));
        assertThat(atInitiator.failures).hasSize(1);
        assertThat(atInitiator.failures.getFirst()).isInstanceOf(NegotiationException.class)
                .hasMessageContaining("/other/1");
        assertThat(i.isOpen()).isFalse();
        i.finishAndReleaseAll();
    }
}
