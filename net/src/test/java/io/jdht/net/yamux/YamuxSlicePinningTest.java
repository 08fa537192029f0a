package io.jdht.net.yamux;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdht.net.framing.VarintFrameDecoder;
import io.jdht.net.resources.MemoryLimits;
import io.jdht.net.resources.ResourceManager;
import io.jdht.net.resources.ResourceScope;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A stream that is reading gets its data as it came off the connection, and a decoder may keep it
 * while it waits for the rest of a frame, charged only for the bytes it holds. Were those bytes a
 * slice of the connection's read buffer (a Noise frame's plaintext, up to 64 KiB), one byte per
 * stream would hold 64 KiB: 512 streams a connection 32 MiB, against a connection budget of
 * 16 MiB that never sees it. So a small piece of a large buffer is handed on as a copy.
 */
class YamuxSlicePinningTest {
    private final EmbeddedChannel ch = new EmbeddedChannel();

    @AfterEach
    void finish() {
        ch.finishAndReleaseAll();
    }

    private static ByteBuf header(int type, int flags, int id, long length) {
        return Unpooled.buffer(12).writeByte(0).writeByte(type).writeShort(flags).writeInt(id).writeInt((int) length);
    }

    @Test
    void aOneByteUnfinishedFrameDoesNotPinTheWholeReadBuffer() {
        ResourceScope connection = new ResourceManager(MemoryLimits.forBudget(64L << 20), 1024).newConnection("test");
        ch.attr(ResourceScope.KEY).set(connection);
        YamuxSession.install(ch, false, YamuxConfig.DEFAULT, new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel stream) {
                stream.pipeline().addLast(new VarintFrameDecoder(4 << 20));
            }
        });
        int padding = 65_000;
        // one read (one Noise frame's plaintext): stream 1 opens with one byte, an unfinished varint
        // prefix; the rest is data for a stream id never opened, which the session drops
        ByteBuf read = Unpooled.buffer(64 * 1024);
        read.writeBytes(header(YamuxFrame.TYPE_DATA, YamuxFrame.FLAG_SYN, 1, 1)).writeByte(0x80);
        read.writeBytes(header(YamuxFrame.TYPE_DATA, 0, 99, padding)).writeZero(padding);
        read.retain(); // ours, to look at its count afterwards
        ch.writeInbound(read);
        ch.runPendingTasks();

        assertThat(connection.memoryUsed()).isEqualTo(1); // what the scope was charged
        // what is held: nothing of the read buffer should outlive its processing but our own reference
        assertThat(read.refCnt()).as("references to the 64 KiB read buffer besides ours").isEqualTo(1);
        read.release(read.refCnt());
    }
}
