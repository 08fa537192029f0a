package io.jdht.net.multistream;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.List;

class MultistreamFuzzTest {
    /** Whatever a peer sends, the responder either agrees on a supported protocol or fails and closes. */
    @FuzzTest(maxDuration = "60s")
    void responder(byte[] input) {
        MultistreamNegotiator n = MultistreamNegotiator.responder(List.of("/a/1", "/b/2")::contains,
                Duration.ofSeconds(5), (ch, p) -> {});
        EmbeddedChannel ch = new EmbeddedChannel(n);
        ch.writeInbound(Unpooled.wrappedBuffer(input));
        if (n.result().isDone() && !n.result().isCompletedExceptionally()) {
            assertThat(n.result().join()).isIn("/a/1", "/b/2");
        } else if (n.result().isCompletedExceptionally()) {
            assertThat(n.result().exceptionNow()).isInstanceOf(NegotiationException.class);
            assertThat(ch.isOpen()).isFalse();
        }
        ch.finishAndReleaseAll();
    }
}
