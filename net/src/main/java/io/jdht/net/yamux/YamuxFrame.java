package io.jdht.net.yamux;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * The yamux frame header: version (0), type, flags, stream id and length, 12 bytes big-endian.
 * For data frames the length counts the bytes that follow; for window updates it is the window
 * increment, for pings an opaque value, for go-away an error code.
 */
final class YamuxFrame {
    static final int HEADER_LENGTH = 12;
    static final int VERSION = 0;

    static final int TYPE_DATA = 0;
    static final int TYPE_WINDOW_UPDATE = 1;
    static final int TYPE_PING = 2;
    static final int TYPE_GO_AWAY = 3;

    static final int FLAG_SYN = 1;
    static final int FLAG_ACK = 2;
    static final int FLAG_FIN = 4;
    static final int FLAG_RST = 8;

    static final int GO_AWAY_NORMAL = 0;
    static final int GO_AWAY_PROTOCOL_ERROR = 1;
    static final int GO_AWAY_INTERNAL_ERROR = 2;

    /** A parsed header. Length is kept as a long: on the wire it is an unsigned 32-bit number. */
    record Header(int type, int flags, int streamId, long length) {
        boolean has(int flag) {
            return (flags & flag) != 0;
        }
    }

    private YamuxFrame() {}

    static ByteBuf header(ByteBufAllocator alloc, int type, int flags, int streamId, long length) {
        ByteBuf b = alloc.buffer(HEADER_LENGTH);
        b.writeByte(VERSION).writeByte(type).writeShort(flags).writeInt(streamId).writeInt((int) length);
        return b;
    }

    /** Reads a header at the reader index; the caller has checked that 12 bytes are readable. */
    static Header read(ByteBuf in) throws YamuxException {
        int version = in.readUnsignedByte();
        if (version != VERSION) {
            throw new YamuxException("unsupported yamux version " + version);
        }
        int type = in.readUnsignedByte();
        if (type > TYPE_GO_AWAY) {
            throw new YamuxException("unknown yamux frame type " + type);
        }
        int flags = in.readUnsignedShort();
        int streamId = in.readInt();
        long length = in.readUnsignedInt();
        return new Header(type, flags, streamId, length);
    }
}
