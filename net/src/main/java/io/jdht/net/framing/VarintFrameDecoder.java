package io.jdht.net.framing;

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
 */
public final class VarintFrameDecoder extends ByteToMessageDecoder {
    private static final int MAX_PREFIX_BYTES = 5;
    private final int maxFrameLength;
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
                return; // wait for the whole payload
            }
            in.skipBytes(prefix);
            total += length;
            out.add(in.readRetainedSlice((int) length));
        }
    }
}
