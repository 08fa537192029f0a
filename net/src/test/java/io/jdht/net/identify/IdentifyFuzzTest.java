package io.jdht.net.identify;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.concurrent.CompletableFuture;

class IdentifyFuzzTest {
    /**
     * Whatever a peer sends on an identify stream, the receiver ends with an answer or a failure,
     * never an exception out of the pipeline, and the channel is closed either way.
     */
    @FuzzTest(maxDuration = "60s")
    void receive(byte[] input) {
        IdentifyReceiver receiver = new IdentifyReceiver();
        EmbeddedChannel ch = new EmbeddedChannel(receiver);
        ch.writeInbound(Unpooled.wrappedBuffer(input));
        ch.close();
        CompletableFuture<IdentifyInfo> result = receiver.result();
        assertThat(result).isDone();
        if (!result.isCompletedExceptionally()) {
            IdentifyInfo info = result.join();
            assertThat(info.listenAddrs()).doesNotContainNull();
            assertThat(info.protocols()).doesNotContainNull();
        }
        assertThat(ch.isOpen()).isFalse();
        ch.finishAndReleaseAll();
    }
}
