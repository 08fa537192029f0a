package io.jdht.net.perf;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;

/**
 * Writes a given number of filler bytes to a channel without ever queueing more than the channel
 * will take: it writes while the channel is writable and resumes on the next writability change.
 * The filler is one shared buffer of zeros, so sending costs no allocation or copying. It is not
 * wrapped read-only: a read-only buffer hides its array, and the Noise encoder would then copy
 * every chunk before encrypting it. Nothing writes into outbound buffers, and the bytes would be
 * mere filler if anything did.
 */
final class FillerWriter {
    private static final ByteBuf ZEROS =
            Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(new byte[PerfProtocol.CHUNK]));

    private final ChannelHandlerContext ctx;
    private final Runnable onDone;
    private long remaining;
    private boolean done;

    FillerWriter(ChannelHandlerContext ctx, long bytes, Runnable onDone) {
        this.ctx = ctx;
        this.remaining = bytes;
        this.onDone = onDone;
    }

    /** Writes as much as the channel accepts now; call again when it becomes writable. */
    void pump() {
        if (done) {
            return;
        }
        ChannelFuture last = null;
        while (remaining > 0 && ctx.channel().isWritable()) {
            int n = (int) Math.min(remaining, PerfProtocol.CHUNK);
            last = ctx.write(ZEROS.retainedDuplicate().writerIndex(n));
            remaining -= n;
        }
        ctx.flush();
        if (remaining == 0) {
            done = true;
            if (last == null) {
                onDone.run();
            } else {
                last.addListener(f -> onDone.run());
            }
        }
    }
}
