package io.jdht.net.noise;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.FastThreadLocal;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Encrypts outbound bytes into Noise transport frames.
 *
 * <p>Writes are gathered and cut into frames of at most {@link #MAX_PLAINTEXT} bytes: many small
 * writes (yamux headers, small messages) share a frame, which saves tags on the wire and cipher
 * set-ups. Full frames are sealed as soon as they are complete, so this handler never holds more
 * than one frame's worth of plaintext and the channel's outbound buffer (and with it writability)
 * sees the bytes; the last, partial frame is sealed on flush.
 *
 * <p>Each frame uses the next nonce, so a frame that is lost breaks every frame after it: a failed
 * write closes the channel.
 */
final class NoiseFrameEncoder extends ChannelOutboundHandlerAdapter {
    static final int MAX_PLAINTEXT = NoiseHandshakeHandler.MAX_FRAME - CipherState.TAG_LENGTH;
    private static final int FRAME_OVERHEAD = 2 + CipherState.TAG_LENGTH;

    private final CipherState send;
    /**
     * Where a piece of plaintext without a backing array is copied for the cipher: one per event
     * loop thread, not per connection (64 KiB for each of thousands of idle connections was most
     * of their memory). Only used within one call on the channel's event loop.
     */
    private static final FastThreadLocal<byte[]> SCRATCH = new FastThreadLocal<>() {
        @Override
        protected byte[] initialValue() {
            return new byte[MAX_PLAINTEXT];
        }
    };
    private CompositeByteBuf pending;
    /** Promises of the writes whose bytes are (partly) still in {@link #pending} or not yet flushed. */
    private final List<ChannelPromise> promises = new ArrayList<>();
    /** The last frames written since the previous flush. */
    private ChannelFuture lastWrite;

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
        if (pending.readableBytes() >= MAX_PLAINTEXT) {
            sealAndWrite(ctx, pending.readableBytes() / MAX_PLAINTEXT * MAX_PLAINTEXT);
            if (pending != null) {
                pending.discardReadComponents();
            }
        }
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        if (pending != null && pending.isReadable()) {
            sealAndWrite(ctx, pending.readableBytes());
        }
        if (pending != null) {
            pending.release();
            pending = null;
        }
        if (!promises.isEmpty()) {
            List<ChannelPromise> done = new ArrayList<>(promises);
            promises.clear();
            if (lastWrite == null) {
                done.forEach(ChannelPromise::trySuccess); // only empty buffers were written
            } else {
                // writes complete in order: when the last frames are out, so is everything before
                lastWrite.addListener(f -> {
                    for (ChannelPromise p : done) {
                        if (f.isSuccess()) {
                            p.trySuccess();
                        } else {
                            p.tryFailure(f.cause());
                        }
                    }
                });
            }
        }
        lastWrite = null;
        ctx.flush();
    }

    /** Seals the next {@code bytes} bytes of {@link #pending} into frames and writes them (unflushed). */
    private void sealAndWrite(ChannelHandlerContext ctx, int bytes) {
        ByteBuf frames;
        try {
            frames = encrypt(ctx, pending, bytes);
        } catch (NoiseException e) {
            promises.forEach(p -> p.tryFailure(e));
            promises.clear();
            pending.release();
            pending = null;
            ctx.close();
            return;
        }
        lastWrite = ctx.write(frames).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
    }

    private ByteBuf encrypt(ChannelHandlerContext ctx, ByteBuf plain, int total) throws NoiseException {
        int frames = (total + MAX_PLAINTEXT - 1) / MAX_PLAINTEXT;
        ByteBuf out = ctx.alloc().heapBuffer(total + frames * FRAME_OVERHEAD);
        try {
            byte[] target = out.array();
            int base = out.arrayOffset();
            int left = total;
            while (left > 0) {
                int n = Math.min(left, MAX_PLAINTEXT);
                out.writeShort(n + CipherState.TAG_LENGTH);
                int at = out.writerIndex();
                if (plain.hasArray()) {
                    // one heap buffer: seal straight from its array
                    send.encrypt(plain.array(), plain.arrayOffset() + plain.readerIndex(), n, target, base + at);
                } else {
                    // spread over several buffers (yamux headers and data): encrypt piece by piece
                    // rather than gather the frame into one array first, which would copy every byte
                    sealPieces(plain, n, target, base + at);
                }
                plain.skipBytes(n);
                out.writerIndex(at + n + CipherState.TAG_LENGTH);
                left -= n;
            }
            return out;
        } catch (NoiseException | RuntimeException e) {
            out.release();
            throw e;
        }
    }

    /** Seals the {@code n} bytes at {@code plain}'s reader index, spread over its components, as one frame. */
    private void sealPieces(ByteBuf plain, int n, byte[] target, int at) throws NoiseException {
        send.beginEncrypt();
        for (ByteBuffer piece : plain.nioBuffers(plain.readerIndex(), n)) {
            int len = piece.remaining();
            if (len == 0) {
                continue;
            }
            if (piece.hasArray()) {
                at += send.encryptPart(piece.array(), piece.arrayOffset() + piece.position(), len, target, at);
            } else {
                // off-heap or read-only: the cipher works on arrays, so this piece is copied
                byte[] scratch = SCRATCH.get();
                piece.get(scratch, 0, len);
                at += send.encryptPart(scratch, 0, len, target, at);
            }
        }
        send.finishEncrypt(target, at);
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
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        flush(ctx); // what was written before close still goes out
        ctx.close(promise);
    }
}
