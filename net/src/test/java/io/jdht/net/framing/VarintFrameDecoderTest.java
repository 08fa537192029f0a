package io.jdht.net.framing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdht.net.resources.MemoryLimits;
import io.jdht.net.resources.ResourceManager;
import io.jdht.net.resources.ResourceScope;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class VarintFrameDecoderTest {
    @Test
    void splitsFramesAcrossAndWithinReads() {
        EmbeddedChannel ch = new EmbeddedChannel(new VarintFrameDecoder(1000));
        byte[] wire = {3, 'a', 'b', 'c', 0, 2, 'd'};
        ch.writeInbound(Unpooled.wrappedBuffer(wire, 0, 2)); // prefix + 1 byte: no frame yet
        assertThat((Object) ch.readInbound()).isNull();
        ch.writeInbound(Unpooled.wrappedBuffer(wire, 2, 5));
        assertThat(readString(ch)).isEqualTo("abc");
        assertThat(readString(ch)).isEmpty();
        assertThat((Object) ch.readInbound()).isNull();
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {'e'}));
        assertThat(readString(ch)).isEqualTo("de");
        assertThat(ch.finishAndReleaseAll()).isFalse();
    }

    @Test
    void multiByteLengthPrefix() {
        EmbeddedChannel ch = new EmbeddedChannel(new VarintFrameDecoder(1000));
        ByteBuf in = Unpooled.buffer().writeByte(0xAC).writeByte(0x02).writeZero(300); // 300
        ch.writeInbound(in);
        ByteBuf frame = ch.readInbound();
        assertThat(frame.readableBytes()).isEqualTo(300);
        frame.release();
        ch.finishAndReleaseAll();
    }

    @Test
    void refusesAnOversizedFrameBeforeBufferingIt() {
        EmbeddedChannel ch = new EmbeddedChannel(new VarintFrameDecoder(100));
        // announces 4 MiB but sends only the prefix: the error must come at once
        assertThatThrownBy(() -> ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {(byte) 0x80, (byte) 0x80, (byte) 0x80, 0x02})))
                .isInstanceOf(TooLongFrameException.class)
                .hasMessageContaining("4194304")
                .hasMessageContaining("100");
        ch.finishAndReleaseAll();
    }

    @Test
    void refusesOverlongAndNonMinimalPrefixes() {
        EmbeddedChannel a = new EmbeddedChannel(new VarintFrameDecoder(100));
        assertThatThrownBy(() -> a.writeInbound(Unpooled.wrappedBuffer(new byte[] {-1, -1, -1, -1, -1, 1})))
                .isInstanceOf(CorruptedFrameException.class);
        a.finishAndReleaseAll();
        EmbeddedChannel b = new EmbeddedChannel(new VarintFrameDecoder(100));
        assertThatThrownBy(() -> b.writeInbound(Unpooled.wrappedBuffer(new byte[] {(byte) 0x81, 0x00, 1})))
                .isInstanceOf(CorruptedFrameException.class)
                .hasMessageContaining("minimal");
        b.finishAndReleaseAll();
    }

    @Test
    void encoderPrefixesTheLength() {
        EmbeddedChannel ch = new EmbeddedChannel(VarintFrameEncoder.INSTANCE);
        ch.writeOutbound(Unpooled.wrappedBuffer(new byte[200]));
        ByteBuf prefix = ch.readOutbound();
        ByteBuf body = ch.readOutbound();
        assertThat(prefix.readableBytes()).isEqualTo(2);
        assertThat((int) prefix.getUnsignedByte(0)).isEqualTo(0xC8);
        assertThat((int) prefix.getUnsignedByte(1)).isEqualTo(0x01);
        assertThat(body.readableBytes()).isEqualTo(200);
        prefix.release();
        body.release();
        ch.finishAndReleaseAll();
    }

    private static byte[] prefix(int length) {
        return io.jdht.multiformats.Varint.encode(length);
    }

    @Test
    void anUnfinishedFrameSitsInABufferNoLargerThanItself() {
        int max = 4 << 20;
        VarintFrameDecoder decoder = new VarintFrameDecoder(max);
        EmbeddedChannel ch = new EmbeddedChannel(decoder);
        int length = (2 << 20) + (64 << 10); // just past a power of two, where doubling overshoots most
        byte[] head = prefix(length);
        ch.writeInbound(Unpooled.wrappedBuffer(head));
        byte[] chunk = new byte[32 << 10];
        int sent = 0;
        while (sent + chunk.length < length) { // all but the last few bytes, as a stream might
            ch.writeInbound(Unpooled.wrappedBuffer(chunk));
            sent += chunk.length;
        }
        assertThat((Object) ch.readInbound()).isNull();
        assertThat(decoder.bufferedCapacity()).isBetween(head.length + sent, head.length + length);
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[length - sent]));
        ByteBuf frame = ch.readInbound();
        assertThat(frame.readableBytes()).isEqualTo(length);
        frame.release();
        assertThat(ch.finishAndReleaseAll()).isFalse();
    }

    @Test
    void decodersSharingAScopeHoldNoMoreThanItTogether() {
        ResourceScope budget = new ResourceManager(new MemoryLimits(10_000, 10_000, 10_000, 1000, 1000), 8)
                .newConnection("test");
        EmbeddedChannel a = scoped(budget);
        EmbeddedChannel b = scoped(budget);
        a.writeInbound(Unpooled.wrappedBuffer(prefix(600)), Unpooled.wrappedBuffer(new byte[500]));
        assertThat(budget.memoryUsed()).isEqualTo(502);
        b.writeInbound(Unpooled.wrappedBuffer(prefix(600)), Unpooled.wrappedBuffer(new byte[400]));
        assertThat(budget.memoryUsed()).isEqualTo(904);
        assertThatThrownBy(() -> b.writeInbound(Unpooled.wrappedBuffer(new byte[99])))
                .isInstanceOf(TooLongFrameException.class).hasMessageContaining("no memory left");
        assertThat(budget.memoryUsed()).as("the refused frame gave back what it held").isEqualTo(502);
        b.finishAndReleaseAll();

        // a frame that completes gives its bytes back, and so does a stream that closes
        a.writeInbound(Unpooled.wrappedBuffer(new byte[100]));
        ByteBuf frame = a.readInbound();
        assertThat(frame.readableBytes()).isEqualTo(600);
        frame.release();
        assertThat(budget.memoryUsed()).isZero();
        EmbeddedChannel c = scoped(budget);
        c.writeInbound(Unpooled.wrappedBuffer(prefix(900)), Unpooled.wrappedBuffer(new byte[800]));
        assertThat(budget.memoryUsed()).isEqualTo(802);
        c.close();
        assertThat(budget.memoryUsed()).isZero();
        assertThat(a.finishAndReleaseAll()).isFalse();
        c.finishAndReleaseAll();
    }

    private static EmbeddedChannel scoped(ResourceScope scope) {
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.attr(ResourceScope.KEY).set(scope);
        ch.pipeline().addLast(new VarintFrameDecoder(1000));
        return ch;
    }

    private static String readString(EmbeddedChannel ch) {
        ByteBuf b = ch.readInbound();
        try {
            return b.toString(StandardCharsets.UTF_8);
        } finally {
            b.release();
        }
    }
}
