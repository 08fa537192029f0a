package io.jdht.net.noise;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.List;

/**
 * Encrypts outbound bytes into Noise transport frames. Writes are gathered until flush and then
 * cut into frames of at most {@link #MAX_PLAINTEXT} bytes: many small writes (yamux headers, small
 * messages) share a frame, which saves both tags on the wire and cipher set-ups.
 */
final class NoiseFrameEncoder extends ChannelOutboundHandlerAdapter {
    static final int MAX_PLAINTEXT = NoiseHandshakeHandler.MAX_FRAME - CipherState.TAG_LENGTH;

    private final CipherState send;
    private final byte[] scratch = new byte[MAX_PLAINTEXT];
    private CompositeByteBuf pending;
    private final List<ChannelPromise> promises = new ArrayList<>();

    NoiseFrameEncoder(CipherState send) {
        this.send = send;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!(msg instanceof ByteBuf buf)) {
            ReferenceCountUtil.release(msg);
            promise.setFailure(new IllegalArgumentException("Noise carries bytes only, not " + msg.getClass().getName()));
            return;
        }
        if (pending == null) {
            pending = ctx.alloc().compositeBuffer(1024);
        }
        pending.addComponent(true, buf);
        if (!promise.isVoid()) {
            promises.add(promise);
        }
    }

    @Override
    public void flush(ChannelHandlerContext ctx) throws Exception {
        if (pending != null && pending.isReadable()) {
            CompositeByteBuf plain = pending;
            List<ChannelPromise> done = new ArrayList<>(promises);
            pending = null;
            promises.clear();
            ByteBuf out;
            try {
                out = encrypt(ctx, plain);
            } catch (NoiseException e) {
                done.forEach(p -> p.tryFailure(e));
                ctx.close();
                return;
            } finally {
                plain.release();
            }
            ctx.write(out).addListener(f -> {
                for (ChannelPromise p : done) {
                    if (f.isSuccess()) {
                        p.trySuccess();
                    } else {
                        p.tryFailure(f.cause());
                    }
                }
            });
        }
        ctx.flush();
    }

    private ByteBuf encrypt(ChannelHandlerContext ctx, ByteBuf plain) throws NoiseException {
        int total = plain.readableBytes();
        int frames = (total + MAX_PLAINTEXT - 1) / MAX_PLAINTEXT;
        ByteBuf out = ctx.alloc().heapBuffer(total + frames * (2 + CipherState.TAG_LENGTH));
        try {
            byte[] target = out.array();
            int base = out.arrayOffset();
            while (plain.isReadable()) {
                int n = Math.min(plain.readableBytes(), MAX_PLAINTEXT);
                out.writeShort(n + CipherState.TAG_LENGTH);
                int at = out.writerIndex();
                // gather the frame's plaintext into one array: the cipher is fastest on arrays
                plain.readBytes(scratch, 0, n);
                send.encrypt(scratch, 0, n, target, base + at);
                out.writerIndex(at + n + CipherState.TAG_LENGTH);
            }
            return out;
        } catch (NoiseException | RuntimeException e) {
            out.release();
            throw e;
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (pending != null) {
            pending.release();
            pending = null;
        }
        promises.forEach(p -> p.tryFailure(new NoiseException("channel closed before the data was sent")));
        promises.clear();
    }

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) throws Exception {
        flush(ctx); // what was written before close still goes out
        super.close(ctx, promise);
    }
}
