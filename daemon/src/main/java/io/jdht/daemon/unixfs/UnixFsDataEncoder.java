package io.jdht.daemon.unixfs;

/**
 * Encodes a {@link UnixFsData} the way Kubo and js do, so that the blocks hash the same: fields in
 * number order, Type always (proto2 requires it), empty data left out, each blocksize as its own
 * unpacked field 4 (proto2's default for repeated numbers), a zero mtime fraction left out.
 */
public final class UnixFsDataEncoder {
    static final int TYPE = 1;
    static final int DATA = 2;
    static final int FILESIZE = 3;
    static final int BLOCKSIZES = 4;
    static final int HASH_TYPE = 5;
    static final int FANOUT = 6;
    static final int MODE = 7;
    static final int MTIME = 8;
    static final int MTIME_SECONDS = 1;
    static final int MTIME_NANOS = 2;

    private UnixFsDataEncoder() {}

    public static byte[] encode(UnixFsData d) {
        byte[] data = d.dataView();
        int size = ProtoWriter.varintFieldSize(TYPE, d.type().code());
        if (data.length > 0) {
            size += ProtoWriter.lengthDelimitedFieldSize(DATA, data.length);
        }
        if (d.filesize().isPresent()) {
            size += ProtoWriter.varintFieldSize(FILESIZE, d.filesize().getAsLong());
        }
        for (long blocksize : d.blocksizes()) {
            size += ProtoWriter.varintFieldSize(BLOCKSIZES, blocksize);
        }
        if (d.hashType().isPresent()) {
            size += ProtoWriter.varintFieldSize(HASH_TYPE, d.hashType().getAsLong());
        }
        if (d.fanout().isPresent()) {
            size += ProtoWriter.varintFieldSize(FANOUT, d.fanout().getAsLong());
        }
        if (d.mode().isPresent()) {
            size += ProtoWriter.varintFieldSize(MODE, Integer.toUnsignedLong(d.mode().getAsInt()));
        }
        int mtimeSize = d.mtime().map(UnixFsDataEncoder::mtimeSize).orElse(0);
        if (d.mtime().isPresent()) {
            size += ProtoWriter.lengthDelimitedFieldSize(MTIME, mtimeSize);
        }

        ProtoWriter w = new ProtoWriter(size);
        w.varintField(TYPE, d.type().code());
        if (data.length > 0) {
            w.bytesField(DATA, data);
        }
        d.filesize().ifPresent(v -> w.varintField(FILESIZE, v));
        for (long blocksize : d.blocksizes()) {
            w.varintField(BLOCKSIZES, blocksize);
        }
        d.hashType().ifPresent(v -> w.varintField(HASH_TYPE, v));
        d.fanout().ifPresent(v -> w.varintField(FANOUT, v));
        d.mode().ifPresent(v -> w.varintField(MODE, Integer.toUnsignedLong(v)));
        d.mtime().ifPresent(t -> {
            w.lengthDelimitedHeader(MTIME, mtimeSize);
            // int64 as a plain varint (no zig-zag): a time before 1970 takes ten bytes, as the spec chose
            w.varintField(MTIME_SECONDS, t.seconds());
            if (t.nanos() != 0) {
                w.fixed32Field(MTIME_NANOS, t.nanos());
            }
        });
        return w.toByteArray();
    }

    private static int mtimeSize(UnixFsTime t) {
        int n = ProtoWriter.varintFieldSize(MTIME_SECONDS, t.seconds());
        if (t.nanos() != 0) {
            n += ProtoWriter.tagSize(MTIME_NANOS) + 4;
        }
        return n;
    }
}
