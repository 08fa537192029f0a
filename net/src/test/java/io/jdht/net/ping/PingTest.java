package io.jdht.net.ping;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class PingTest {
    @Test
    void responderEchoesWholePayloadsOnly() {
        EmbeddedChannel ch = new EmbeddedChannel(new PingResponder());
        byte[] payload = new byte[32];
        new Random(1).nextBytes(payload);
        ch.writeInbound(Unpooled.wrappedBuffer(payload, 0, 20));
        assertThat((Object) ch.readOutbound()).isNull();
        ch.writeInbound(Unpooled.wrappedBuffer(payload, 20, 12));
        ByteBuf echoed = ch.readOutbound();
        assertThat(io.netty.buffer.ByteBufUtil.getBytes(echoed)).isEqualTo(payload);
        echoed.release();
        ch.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
        ch.runPendingTasks();
        assertThat(ch.isOpen()).isFalse();
        ch.finishAndReleaseAll();
    }

    @Test
    void initiatorMeasuresRoundTripsAgainstResponder() {
        PingInitiator initiator = new PingInitiator(new Random(7));
        EmbeddedChannel dialer = new EmbeddedChannel(initiator);
        EmbeddedChannel listener = new EmbeddedChannel(new PingResponder());
        for (int i = 0; i < 3; i++) {
            CompletableFuture<Duration> rtt = initiator.ping();
            dialer.runPendingTasks();
            shuttle(dialer, listener);
            shuttle(listener, dialer);
            assertThat(rtt).isCompleted();
            assertThat(rtt.join()).isPositive();
        }
        dialer.finishAndReleaseAll();
        listener.finishAndReleaseAll();
    }

    @Test
    void aWrongEchoFailsThePingAndClosesTheStream() {
        PingInitiator initiator = new PingInitiator(new Random(7));
        EmbeddedChannel dialer = new EmbeddedChannel(initiator);
        CompletableFuture<Duration> rtt = initiator.ping();
        dialer.runPendingTasks();
        ((ByteBuf) dialer.readOutbound()).release();
        dialer.writeInbound(Unpooled.wrappedBuffer(new byte[32]));
        assertThat(rtt).isCompletedExceptionally();
        assertThat(dialer.isOpen()).isFalse();
        dialer.finishAndReleaseAll();
    }

    private static void shuttle(EmbeddedChannel from, EmbeddedChannel to) {
        Object msg;
        while ((msg = from.readOutbound()) != null) {
            to.writeInbound(msg);
        }
    }
}
