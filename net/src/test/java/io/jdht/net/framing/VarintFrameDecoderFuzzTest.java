package io.jdht.net.framing;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;

class VarintFrameDecoderFuzzTest {
    /** Any bytes either decode into frames no larger than the limit or fail with a DecoderException. */
    @FuzzTest(maxDuration = "30s")
    void framesAreBounded(byte[] input) {
        EmbeddedChannel ch = new EmbeddedChannel(new VarintFrameDecoder(64));
        try {
            ch.writeInbound(Unpooled.wrappedBuffer(input));
        } catch (DecoderException expected) {
            // corrupt or oversized prefix: the documented failure
        }
        ByteBuf frame;
        while ((frame = ch.readInbound()) != null) {
            assertThat(frame.readableBytes()).isLessThanOrEqualTo(64);
            frame.release();
        }
        ch.finishAndReleaseAll();
    }
}
