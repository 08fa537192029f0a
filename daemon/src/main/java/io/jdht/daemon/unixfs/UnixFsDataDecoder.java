package io.jdht.daemon.unixfs;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Decodes a UnixFS {@code Data} message. Protobuf rules apply, with two tightenings that keep a
 * message to one meaning: a field that is not repeated may appear only once, and a known field must
 * have its own wire type. Unknown fields are skipped, as protobuf allows, so a later UnixFS version
 * that adds fields still reads. Blocksizes are accepted packed as well as unpacked (proto2 readers
 * must take both).
 *
 * <p>Bounded: the message may be at most {@link #MAX_BYTES} long and carry at most
 * {@link #MAX_BLOCKSIZES} blocksizes; the fanout may be at most {@link #MAX_FANOUT}, as the UnixFS spec
 * recommends. Failures are {@link MalformedNodeException}s.
 */
public final class UnixFsDataDecoder {
    /** A message never outgrows the block that carries it. */
    public static final int MAX_BYTES = DagPbLimits.DEFAULT.maxBlockBytes();
    /** One per link, and a node has at most this many links. */
    public static final int MAX_BLOCKSIZES = DagPbLimits.DEFAULT.maxLinks();
    /** The limit the UnixFS spec suggests for a HAMT shard's fanout (Kubo uses 256). */
    public static final long MAX_FANOUT = 1024;

    private static final String MESSAGE = "UnixFS Data";

    private UnixFsDataDecoder() {}

    public static UnixFsData decode(byte[] bytes) {
        if (bytes.length > MAX_BYTES) {
            throw new MalformedNodeException(MESSAGE + ": " + bytes.length + " bytes exceed the limit of " + MAX_BYTES);
        }
        ProtoReader in = new ProtoReader(bytes, 0, bytes.length, MESSAGE);
        UnixFsType type = null;
        byte[] data = null;
        Long filesize = null;
        List<Long> blocksizes = new ArrayList<>();
        Long hashType = null;
        Long fanout = null;
        Integer mode = null;
        UnixFsTime mtime = null;
        while (in.hasMore()) {
            ProtoReader.Tag tag = in.readTag();
            switch (tag.field()) {
                case UnixFsDataEncoder.TYPE -> {
                    once(in, type, "Type", tag, ProtoWriter.VARINT);
                    type = UnixFsType.fromCode(in.readVarint());
                }
                case UnixFsDataEncoder.DATA -> {
                    once(in, data, "Data", tag, ProtoWriter.LEN);
                    data = in.readBytes();
                }
                case UnixFsDataEncoder.FILESIZE -> {
                    once(in, filesize, "filesize", tag, ProtoWriter.VARINT);
                    filesize = in.readUnsigned("filesize");
                }
                case UnixFsDataEncoder.BLOCKSIZES -> readBlocksizes(in, tag, blocksizes);
                case UnixFsDataEncoder.HASH_TYPE -> {
                    once(in, hashType, "hashType", tag, ProtoWriter.VARINT);
                    hashType = in.readUnsigned("hashType");
                }
                case UnixFsDataEncoder.FANOUT -> {
                    once(in, fanout, "fanout", tag, ProtoWriter.VARINT);
                    fanout = in.readUnsigned("fanout");
                    if (fanout > MAX_FANOUT) {
                        throw in.malformed("fanout " + fanout + " exceeds the limit of " + MAX_FANOUT);
                    }
                }
                case UnixFsDataEncoder.MODE -> {
                    once(in, mode, "mode", tag, ProtoWriter.VARINT);
                    long value = in.readVarint();
                    if (value < 0 || value > 0xFFFF_FFFFL) {
                        throw in.malformed("mode " + Long.toUnsignedString(value) + " does not fit 32 bits");
                    }
                    mode = (int) value;
                }
                case UnixFsDataEncoder.MTIME -> {
                    once(in, mtime, "mtime", tag, ProtoWriter.LEN);
                    mtime = decodeTime(in.readEmbedded(MESSAGE + " mtime"));
                }
                default -> in.skip(tag.wireType());
            }
        }
        if (type == null) {
            throw in.malformed("has no Type (field 1), which is required");
        }
        return new UnixFsData(type, data == null ? new byte[0] : data,
                filesize == null ? OptionalLong.empty() : OptionalLong.of(filesize), blocksizes,
                hashType == null ? OptionalLong.empty() : OptionalLong.of(hashType),
                fanout == null ? OptionalLong.empty() : OptionalLong.of(fanout),
                mode == null ? OptionalInt.empty() : OptionalInt.of(mode), Optional.ofNullable(mtime));
    }

    private static void readBlocksizes(ProtoReader in, ProtoReader.Tag tag, List<Long> blocksizes) {
        if (tag.wireType() == ProtoWriter.VARINT) {
            addBlocksize(in, in, blocksizes);
        } else if (tag.wireType() == ProtoWriter.LEN) {
            ProtoReader packed = in.readEmbedded(MESSAGE + " packed blocksizes");
            while (packed.hasMore()) { // each pass consumes at least one byte of a bounded slice
                addBlocksize(in, packed, blocksizes);
            }
        } else {
            throw in.malformed("blocksizes (field 4) has wire type " + tag.wireType() + ", expected 0 or 2");
        }
    }

    private static void addBlocksize(ProtoReader message, ProtoReader from, List<Long> blocksizes) {
        if (blocksizes.size() >= MAX_BLOCKSIZES) {
            throw message.malformed("more than " + MAX_BLOCKSIZES + " blocksizes");
        }
        blocksizes.add(from.readUnsigned("blocksize"));
    }

    private static UnixFsTime decodeTime(ProtoReader in) {
        Long seconds = null;
        Integer nanos = null;
        while (in.hasMore()) {
            ProtoReader.Tag tag = in.readTag();
            switch (tag.field()) {
                case UnixFsDataEncoder.MTIME_SECONDS -> {
                    once(in, seconds, "Seconds", tag, ProtoWriter.VARINT);
                    seconds = in.readVarint(); // int64: all 64 bits, negative before 1970
                }
                case UnixFsDataEncoder.MTIME_NANOS -> {
                    once(in, nanos, "FractionalNanoseconds", tag, ProtoWriter.I32);
                    nanos = in.readFixed32();
                    if (nanos < 1 || nanos > 999_999_999) {
                        throw in.malformed("FractionalNanoseconds " + Integer.toUnsignedString(nanos)
                                + " is outside 1 to 999999999");
                    }
                }
                default -> in.skip(tag.wireType());
            }
        }
        if (seconds == null) {
            throw in.malformed("has no Seconds (field 1), which is required");
        }
        return new UnixFsTime(seconds, nanos == null ? 0 : nanos);
    }

    /** Checks a singular field is not there yet and has its wire type. */
    private static void once(ProtoReader in, Object current, String field, ProtoReader.Tag tag, int wireType) {
        if (current != null) {
            throw in.malformed(field + " appears twice");
        }
        if (tag.wireType() != wireType) {
            throw in.malformed(field + " (field " + tag.field() + ") has wire type " + tag.wireType()
                    + ", expected " + wireType);
        }
    }
}
