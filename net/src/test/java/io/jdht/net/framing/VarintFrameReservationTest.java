package io.jdht.net.framing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdht.net.resources.MemoryLimits;
import io.jdht.net.resources.ResourceManager;
import io.jdht.net.resources.ResourceScope;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.TooLongFrameException;
import org.junit.jupiter.api.Test;

/** A partly received frame is paid for from the channel's resource scope before it is buffered. */
class VarintFrameReservationTest {
    private final ResourceManager manager = new ResourceManager(new MemoryLimits(10_000, 10_000, 10_000, 3_000, 3_000), 8);

    private EmbeddedChannel channel(ResourceScope scope) {
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.attr(ResourceScope.KEY).set(scope);
        ch.pipeline().addLast(new VarintFrameDecoder(100_000));
        return ch;
    }

    /** The varint prefix of {@code length} and the first {@code sent} bytes of its payload. */
    private static ByteBuf partialFrame(int length, int sent) {
        ByteBuf b = Unpooled.buffer();
        int v = length;
        while (v >= 0x80) {
            b.writeByte((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        b.writeByte(v);
        b.writeZero(sent);
        return b;
    }

    @Test
    void anIncompleteFrameHoldsWhatHasArrivedUntilItIsComplete() {
        ResourceScope connection = manager.newConnection("test");
        EmbeddedChannel ch = channel(connection);
        ch.writeInbound(partialFrame(1_000, 10));
        assertThat(connection.memoryUsed()).isEqualTo(12);
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[500]));
        assertThat(connection.memoryUsed()).isEqualTo(512);
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[490]));
        ByteBuf frame = ch.readInbound();
        assertThat(frame.readableBytes()).isEqualTo(1_000);
        frame.release();
        assertThat(connection.memoryUsed()).isZero();
        ch.finishAndReleaseAll();
    }

    @Test
    void framesBeyondWhatTheScopeHasLeftFailTheirChannelOnly() {
        ResourceScope connection = manager.newConnection("test");
        EmbeddedChannel first = channel(connection);
        EmbeddedChannel second = channel(connection);
        first.writeInbound(partialFrame(2_000, 1_900));
        assertThatThrownBy(() -> second.writeInbound(partialFrame(2_000, 1_900)))
                .isInstanceOf(TooLongFrameException.class)
                .hasMessageContaining("no memory left");
        assertThat(connection.memoryUsed()).isEqualTo(1_902);
        first.close();
        assertThat(connection.memoryUsed()).as("a closed stream gives its reservation back").isZero();
        second.finishAndReleaseAll();
    }
}
