package io.jdht.net.framing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Splits a byte stream into frames that each start with an unsigned-varint length, the framing that
 * identify and the Kademlia protocol use for their protobuf messages.
 *
 * <p>The limit is checked as soon as the length prefix is complete, before any payload is buffered,
 * so a peer that announces a huge message costs us nothing but the prefix. A prefix longer than five
 * bytes cannot describe a length below 2^31 and is rejected as corrupt at once.
 *
 * <p>An unfinished frame is held in a buffer that grows with what has arrived, doubling, but never
 * past the size of the frame being waited for: Netty's default growth rounds up to the next power
 * of two (4 MiB steps beyond), so a frame a little over 2 MiB would sit in a 4 MiB buffer. A frame is
 * not handed on before it is complete (the decoder cannot know its end sooner), so each stream can
 * make us hold up to the frame limit; a {@link Budget} shared by several decoders (the streams of
 * one connection, say) caps what they hold together, failing the decoder whose frame does not fit.
 */
public final class VarintFrameDecoder extends ByteToMessageDecoder {
    private static final int MAX_PREFIX_BYTES = 5;
    private final int maxFrameLength;
    private final Budget budget;
    /** Prefix and payload bytes of the frame being waited for; 0 while its prefix is incomplete. */
    private int expected;
    /** Bytes of an unfinished frame taken from the budget. */
    private long held;

    /**
     * Bytes of unfinished frames that several decoders may hold together. Thread-safe: decoders on
     * different event loops may share one.
     */
    public static final class Budget {
        private final long limit;
        private final AtomicLong used = new AtomicLong();

        public Budget(long limit) {
            if (limit <= 0) {
                throw new IllegalArgumentException("limit must be positive: " + limit);
            }
            this.limit = limit;
        }

        public long limit() {
            return limit;
        }

        /** Bytes held now by the decoders sharing this budget. */
        public long used() {
            return used.get();
        }

        boolean tryTake(long n) {
            if (used.addAndGet(n) > limit) {
                used.addAndGet(-n);
                return false;
            }
            return true;
        }

        void give(long n) {
            used.addAndGet(-n);
        }
    }

    /** @param maxFrameLength the largest payload accepted, in bytes */
    public VarintFrameDecoder(int maxFrameLength) {
        this(maxFrameLength, null);
    }

    /**
     * @param maxFrameLength the largest payload accepted, in bytes
     * @param budget shared with other decoders, capping the unfinished frames they hold together;
     *     null for none
     */
    public VarintFrameDecoder(int maxFrameLength, Budget budget) {
        if (maxFrameLength <= 0) {
            throw new IllegalArgumentException("maxFrameLength must be positive: " + maxFrameLength);
        }
        this.maxFrameLength = maxFrameLength;
        this.budget = budget;
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
                hold(in);
                return; // wait for the rest of the prefix
            }
            if (length > maxFrameLength) {
                fail(in);
                throw new TooLongFrameException(
                        "frame of " + length + " bytes exceeds the limit of " + maxFrameLength + " bytes");
            }
            if (in.readableBytes() < prefix + length) {
                expected = prefix + (int) length;
                hold(in);
                return; // wait for the whole payload
            }
            in.skipBytes(prefix);
            out.add(in.readRetainedSlice((int) length));
        }
        expected = 0;
        release();
    }

    /** Counts the unfinished frame left in {@code in} against the budget, failing if it does not fit. */
    private void hold(ByteBuf in) {
        if (budget == null) {
            return;
        }
        long now = in.readableBytes();
        if (now > held && !budget.tryTake(now - held)) {
            fail(in);
            throw new TooLongFrameException("an unfinished frame of " + now + " bytes does not fit beside the "
                    + budget.used() + " bytes other streams hold (limit " + budget.limit() + ")");
        }
        if (now < held) {
            budget.give(held - now);
        }
        held = now;
    }

    private void release() {
        if (budget != null && held > 0) {
            budget.give(held);
        }
        held = 0;
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
