package io.jdht.net.framing;

import io.jdht.net.resources.ResourceScope;
import io.netty.buffer.ByteBuf;
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
 * bytes cannot describe a length below 2^31 and is rejected as corrupt at once.
 *
 * <p>A stream that carries one logical message in several frames (identify) can also cap the frames
 * together: each prefix is then checked against what is left of that budget, so many frames just
 * under the single-frame limit cannot add up to more.
 * <p>While a frame is incomplete its announced length is reserved from the channel's
 * {@link ResourceScope} (when it has one), so that many streams each holding most of a large frame
 * cannot together exceed what the connection, peer or node may hold; a reservation that is refused
 * fails the stream like an over-long frame. The reservation is given back when the frame is complete
 * or the decoder leaves the pipeline.
 */
public final class VarintFrameDecoder extends ByteToMessageDecoder {
    private static final int MAX_PREFIX_BYTES = 5;
    private final int maxFrameLength;
    /** Bytes reserved for the frame being received, 0 when none is. */
    private long reserved;
    private ResourceScope scope;
    private final long maxTotalLength;
    /** Payload bytes of the frames passed on so far. */
    private long total;

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
    }

    /** Reserves room for a frame of {@code frameBytes} bytes that has only partly arrived. */
    private void reserveFor(ChannelHandlerContext ctx, ByteBuf in, long frameBytes) {
        if (reserved > 0) {
            return; // reserved when its prefix arrived
        }
        if (scope == null) {
            scope = ResourceScope.of(ctx.channel());
            if (scope == null) {
                return;
            }
        }
        if (!scope.reserveMemory(frameBytes)) {
            in.skipBytes(in.readableBytes());
            throw new TooLongFrameException("no memory left in " + scope.name() + " for a frame of " + frameBytes
                    + " bytes (" + scope.memoryUsed() + " of " + scope.memoryLimit() + " in use)");
        }
        reserved = frameBytes;
    }

    private void releaseReservation() {
        if (reserved > 0) {
            scope.releaseMemory(reserved);
            reserved = 0;
        }
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        releaseReservation();
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
                        in.skipBytes(in.readableBytes()); // nothing after a corrupt prefix can be trusted
                        throw new CorruptedFrameException("frame length prefix is not minimally encoded");
                    }
                    complete = true;
                    break;
                }
            }
            if (!complete) {
                if (prefix >= MAX_PREFIX_BYTES) {
                    in.skipBytes(in.readableBytes());
                    throw new CorruptedFrameException("frame length prefix is longer than " + MAX_PREFIX_BYTES + " bytes");
                }
                return; // wait for the rest of the prefix
            }
            if (length > maxFrameLength) {
                in.skipBytes(in.readableBytes());
                throw new TooLongFrameException(
                        "frame of " + length + " bytes exceeds the limit of " + maxFrameLength + " bytes");
            }
            if (length > maxTotalLength - total) {
                in.skipBytes(in.readableBytes());
                throw new TooLongFrameException("frame of " + length + " bytes after " + total
                        + " takes the stream over its limit of " + maxTotalLength + " bytes");
            }
            if (in.readableBytes() < prefix + length) {
                reserveFor(ctx, in, prefix + length);
                return; // wait for the whole payload
            }
            releaseReservation();
            in.skipBytes(prefix);
            total += length;
            out.add(in.readRetainedSlice((int) length));
        }
    }
}
