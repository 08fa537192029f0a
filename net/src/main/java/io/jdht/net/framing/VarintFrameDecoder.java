package io.jdht.net.framing;

import io.jdht.net.resources.HeldBytes;
import io.jdht.net.resources.ResourceScope;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import java.util.List;

/**
 * Splits a byte stream into frames that each start with an unsigned-varint length, the framing that
 * identify and the Kademlia protocol use for their protobuf messages.
 *
 * <p>The limit is checked as soon as the length prefix is complete, before any payload is buffered,
 * so a peer that announces a huge message costs us nothing but the prefix. A prefix longer than five
 * bytes cannot describe a length below 2^31 and is rejected as corrupt at once. A stream that
 * carries one logical message in several frames (identify) can also cap the frames together: each
 * prefix is then checked against what is left of that total.
 *
 * <p>An unfinished frame is held in a buffer that grows with what has arrived, doubling, but never
 * past the size of the frame being waited for: Netty's default growth rounds up to the next power
 * of two (4 MiB steps beyond), so a frame a little over 2 MiB would sit in a 4 MiB buffer. A frame
 * is not handed on before it is complete (the decoder cannot know its end sooner), and yamux gives
 * the window back as soon as the decoder has the bytes, so what is held is paid for: the bytes of
 * an unfinished frame are reserved from the channel's {@link ResourceScope} (when it has one) as
 * they arrive, which caps what all the streams of a connection, a peer, a protocol and the node
 * hold together. The stream whose bytes do not fit fails like one with an over-long frame.
 */
public final class VarintFrameDecoder extends ByteToMessageDecoder {
    private static final int MAX_PREFIX_BYTES = 5;
    private final int maxFrameLength;
    private final long maxTotalLength;
    /** Payload bytes of the frames passed on so far. */
    private long total;
    /** Prefix and payload bytes of the frame being waited for; 0 while its prefix is incomplete. */
    private int expected;
    /** Bytes of an unfinished frame, reserved from the channel's scope; made on first need. */
    private HeldBytes held;

    /** @param maxFrameLength the largest payload accepted, in bytes */
    public VarintFrameDecoder(int maxFrameLength) {
        this(maxFrameLength, Long.MAX_VALUE);
    }

    /**
     * @param maxFrameLength the largest payload of one frame, in bytes
     * @param maxTotalLength the largest payload of all frames on this channel together, in bytes
     */
    public VarintFrameDecoder(int maxFrameLength, long maxTotalLength) {
        if (maxFrameLength <= 0) {
            throw new IllegalArgumentException("maxFrameLength must be positive: " + maxFrameLength);
        }
        if (maxTotalLength <= 0) {
            throw new IllegalArgumentException("maxTotalLength must be positive: " + maxTotalLength);
        }
        this.maxFrameLength = maxFrameLength;
        this.maxTotalLength = maxTotalLength;
        setCumulator(this::cumulate);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.isReadable()) {
            int start = in.readerIndex();
            long length = 0;
            int prefix = 0;
            boolean complete = false;
            while (prefix < MAX_PREFIX_BYTES && in.readableBytes() > prefix) {
                int b = in.getByte(start + prefix) & 0xFF;
                length |= (long) (b & 0x7F) << (7 * prefix);
                prefix++;
                if ((b & 0x80) == 0) {
                    if (b == 0 && prefix > 1) {
                        fail(in);
                        throw new CorruptedFrameException("frame length prefix is not minimally encoded");
                    }
                    complete = true;
                    break;
                }
            }
            if (!complete) {
                if (prefix >= MAX_PREFIX_BYTES) {
                    fail(in);
                    throw new CorruptedFrameException("frame length prefix is longer than " + MAX_PREFIX_BYTES + " bytes");
                }
                expected = 0;
                hold(ctx, in);
                return; // wait for the rest of the prefix
            }
            if (length > maxFrameLength) {
                fail(in);
                throw new TooLongFrameException(
                        "frame of " + length + " bytes exceeds the limit of " + maxFrameLength + " bytes");
            }
            if (length > maxTotalLength - total) {
                fail(in);
                throw new TooLongFrameException("frame of " + length + " bytes after " + total
                        + " takes the stream over its limit of " + maxTotalLength + " bytes");
            }
            if (in.readableBytes() < prefix + length) {
                expected = prefix + (int) length;
                hold(ctx, in);
                return; // wait for the whole payload
            }
            in.skipBytes(prefix);
            total += length;
            out.add(in.readRetainedSlice((int) length));
        }
        expected = 0;
        release();
    }

    /** Reserves the unfinished frame left in {@code in}, failing the stream if it does not fit. */
    private void hold(ChannelHandlerContext ctx, ByteBuf in) {
        if (held == null) {
            held = new HeldBytes(ResourceScope.of(ctx.channel()));
        }
        long now = in.readableBytes();
        if (!held.setTo(now)) {
            fail(in);
            throw new TooLongFrameException(held.refusal("an unfinished frame of " + now + " bytes"));
        }
    }

    private void release() {
        if (held != null) {
            held.release();
        }
    }

    /** Nothing after a corrupt or refused frame can be trusted: drop it all and give back what it held. */
    private void fail(ByteBuf in) {
        in.skipBytes(in.readableBytes());
        expected = 0;
        release();
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        release(); // the stream is gone (or the pipeline changed), and what it held with it
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        super.channelInactive(ctx);
        release();
    }

    /**
     * Appends {@code in} to the bytes held; when they must move to a larger buffer, its size is
     * twice what is needed but at most the frame being waited for, so an unfinished frame never
     * sits in a buffer larger than itself.
     */
    private ByteBuf cumulate(ByteBufAllocator alloc, ByteBuf cumulation, ByteBuf in) {
        if (!cumulation.isReadable() && in.isContiguous()) {
            cumulation.release();
            return in; // nothing held: the new bytes are the buffer
        }
        try {
            int required = in.readableBytes();
            if (required <= cumulation.writableBytes() && !cumulation.isReadOnly()) {
                // within the capacity, so nothing is reallocated, and any slice handed on earlier
                // covers only bytes before the writer index
                cumulation.writeBytes(in, in.readerIndex(), required);
                return cumulation;
            }
            int needed = cumulation.readableBytes() + required;
            int size = expected > needed ? (int) Math.min(expected, 2L * needed) : needed;
            ByteBuf grown = alloc.buffer(size);
            grown.writeBytes(cumulation, cumulation.readerIndex(), cumulation.readableBytes());
            grown.writeBytes(in, in.readerIndex(), required);
            cumulation.release();
            return grown;
        } finally {
            in.release();
        }
    }

    /** The capacity of the buffer holding an unfinished frame (0 if none), for tests. */
    int bufferedCapacity() {
        ByteBuf b = internalBuffer();
        return b.refCnt() > 0 ? b.capacity() : 0;
    }
}
