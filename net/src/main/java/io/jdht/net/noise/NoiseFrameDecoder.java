package io.jdht.net.noise;

import io.jdht.net.resources.HeldBytes;
import io.jdht.net.resources.ResourceScope;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads Noise transport frames (2-byte big-endian length, then a ciphertext of at most 65535
 * bytes ending in a 16-byte tag) and passes on each frame's plaintext as one buffer.
 *
 * <p>A frame that fails authentication, or is shorter than a tag, is fatal for the connection:
 * the two sides' nonces would no longer agree, so nothing after it can be read. The decoder then
 * drops all further input, fires a {@link NoiseException} down the pipeline (so the muxer can log
 * it and say goodbye) and closes the channel. A connection that ends in the middle of a frame is
 * reported the same way.
 *
 * <p>The bytes of an unfinished frame (up to 64 KiB a connection) are reserved from the
 * connection's transport scope ({@link ResourceScope#TRANSPORT_KEY}, under the node) while they
 * wait, so that many connections each holding most of a frame count against the node's memory
 * like every other buffer a peer can fill; a connection whose reservation is refused is closed.
 */
final class NoiseFrameDecoder extends ByteToMessageDecoder {
    private static final Logger LOG = LoggerFactory.getLogger(NoiseFrameDecoder.class);

    private final CipherState receive;
    private boolean failed;
    /** Bytes of an unfinished frame, reserved from the connection's transport scope; made on first need. */
    private HeldBytes held;

    NoiseFrameDecoder(CipherState receive) {
        this.receive = receive;
        // A frame (up to 64 KiB) rarely lines up with a socket read: gathering reads into a
        // composite rather than one merged buffer saves copying nearly every byte once more.
        setCumulator(COMPOSITE_CUMULATOR);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        try {
            decodeFrame(ctx, in, out);
        } catch (NoiseException e) {
            fail(ctx, in, e);
        }
    }

    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        decode(ctx, in, out);
        if (!failed && in.isReadable()) {
            String what = in.readableBytes() < 2
                    ? "a frame's length"
                    : "a frame (" + (in.readableBytes() - 2) + " of " + in.getUnsignedShort(in.readerIndex()) + " bytes)";
            fail(ctx, in, new NoiseException("connection ended in the middle of " + what));
        }
    }

    private void fail(ChannelHandlerContext ctx, ByteBuf in, NoiseException e) {
        failed = true;
        in.skipBytes(in.readableBytes());
        release();
        LOG.debug("closing {}: {}", ctx.channel(), e.getMessage());
        ctx.fireExceptionCaught(e);
        ctx.close();
    }

    /**
     * Decodes at most one frame: the base class calls again while input remains, and passes on what
     * was decoded in between, so frames that authenticated reach the next handler before a failure.
     */
    private void decodeFrame(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws NoiseException {
        if (in.readableBytes() < 2) {
            hold(ctx, in.readableBytes()); // the start of a length, or nothing left at all
        } else {
            int length = in.getUnsignedShort(in.readerIndex());
            if (length < CipherState.TAG_LENGTH) {
                // checked before waiting for the body: such a frame can never be valid
                throw new NoiseException("Noise frame of " + length + " bytes is shorter than its 16-byte tag");
            }
            if (in.readableBytes() < 2 + length) {
                hold(ctx, in.readableBytes());
                return;
            }
            in.skipBytes(2);
            int plainLength = length - CipherState.TAG_LENGTH;
            ByteBuf plain = ctx.alloc().heapBuffer(length);
            try {
                // the cipher works on arrays: use the input's own array when it has one; else
                // (socket reads are off-heap) copy the ciphertext into the output buffer once and
                // decrypt it there in place, which the JDK's ChaCha20-Poly1305 allows
                byte[] target = plain.array();
                int targetOffset = plain.arrayOffset() + plain.writerIndex();
                if (in.hasArray()) {
                    receive.decrypt(in.array(), in.arrayOffset() + in.readerIndex(), length, target, targetOffset);
                } else {
                    in.getBytes(in.readerIndex(), target, targetOffset, length);
                    receive.decrypt(target, targetOffset, length, target, targetOffset);
                }
                plain.writerIndex(plainLength);
                in.skipBytes(length);
            } catch (NoiseException | RuntimeException e) {
                plain.release();
                throw e;
            }
            if (plain.isReadable()) {
                out.add(plain);
            } else {
                plain.release(); // an empty frame is legal and carries nothing
            }
        }
        // Only what waits for more is held. Whole frames still in the input (one read can bring
        // many) are decoded by the next call, which holds what then remains; holding them here
        // would count up to two reads' worth against the one-frame transport budget. With nothing
        // left there is no next call, so the frame just finished gives its bytes back here.
        if (!in.isReadable()) {
            hold(ctx, 0);
        }
    }

    /** Keeps the reservation at {@code bytes}, the unfinished frame waiting in the cumulation. */
    private void hold(ChannelHandlerContext ctx, long bytes) throws NoiseException {
        if (held == null) {
            // null outside a resource manager (tests, tools): then nothing is counted
            held = new HeldBytes(ctx.channel().attr(ResourceScope.TRANSPORT_KEY).get());
        }
        if (!held.setTo(bytes)) {
            throw new NoiseException(held.refusal("an unfinished frame of " + bytes + " bytes"));
        }
    }

    private void release() {
        if (held != null) {
            held.release();
        }
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        release();
    }
}
