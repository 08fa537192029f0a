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
 */
public final class VarintFrameDecoder extends ByteToMessageDecoder {
    private static final int MAX_PREFIX_BYTES = 5;
    private final int maxFrameLength;

    /** @param maxFrameLength the largest payload accepted, in bytes */
    public VarintFrameDecoder(int maxFrameLength) {
        if (maxFrameLength <= 0) {
            throw new IllegalArgumentException("maxFrameLength must be positive: " + maxFrameLength);
        }
        this.maxFrameLength = maxFrameLength;
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
            if (in.readableBytes() < prefix + length) {
                return; // wait for the whole payload
            }
            in.skipBytes(prefix);
            out.add(in.readRetainedSlice((int) length));
        }
    }
}
