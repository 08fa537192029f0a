package io.jdht.net.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;

/** Helpers for bytes-in, bytes-out tests of handlers on EmbeddedChannels. */
public final class Wire {
    private Wire() {}

    /** Moves everything {@code from} wrote into {@code to}'s inbound side; returns how many messages moved. */
    public static int shuttle(EmbeddedChannel from, EmbeddedChannel to) {
        int n = 0;
        Object msg;
        while ((msg = from.readOutbound()) != null) {
            if (to.isOpen()) {
                to.writeInbound(msg);
            } else {
                io.netty.util.ReferenceCountUtil.release(msg);
            }
            n++;
        }
        return n;
    }

    /** Shuttles both ways until neither side writes anything more (bounded). */
    public static void exchange(EmbeddedChannel a, EmbeddedChannel b) {
        for (int i = 0; i < 100; i++) {
            a.runPendingTasks();
            b.runPendingTasks();
            if (shuttle(a, b) + shuttle(b, a) == 0) {
                return;
            }
        }
        throw new AssertionError("the two sides never went quiet");
    }

    /** All outbound bytes of a channel, concatenated and released. */
    public static byte[] drainOutbound(EmbeddedChannel ch) {
        ByteBuf all = Unpooled.buffer();
        Object msg;
        while ((msg = ch.readOutbound()) != null) {
            ByteBuf b = (ByteBuf) msg;
            all.writeBytes(b);
            b.release();
        }
        byte[] out = new byte[all.readableBytes()];
        all.readBytes(out);
        all.release();
        return out;
    }

    /** A multistream message: varint length, text, newline. */
    public static ByteBuf msMessage(String text) {
        byte[] body = (text + "\n").getBytes(StandardCharsets.UTF_8);
        return Unpooled.buffer().writeBytes(io.jdht.multiformats.Varint.encode(body.length)).writeBytes(body);
    }
}
