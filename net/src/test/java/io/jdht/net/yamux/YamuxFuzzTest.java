package io.jdht.net.yamux;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.embedded.EmbeddedChannel;

class YamuxFuzzTest {
    /** Arbitrary frames never crash the session or exceed its stream limit; violations close it. */
    @FuzzTest(maxDuration = "60s")
    void session(byte[] input) {
        EmbeddedChannel ch = new EmbeddedChannel();
        YamuxSession session = YamuxSession.install(ch, false, YamuxConfig.DEFAULT.withMaxStreams(4), new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel stream) {
                // accept and ignore
            }
        });
        ch.writeInbound(Unpooled.wrappedBuffer(input));
        assertThat(session.streamCount()).isLessThanOrEqualTo(4);
        ch.finishAndReleaseAll();
    }
}
