package io.jdht.daemon.unixfs;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The UnixFS {@code Data} message, which a dag-pb node carries in its data field to say what it is.
 *
 * <p>For a file: {@code filesize} is the number of content bytes under the node, {@code data} the
 * bytes the node holds itself (a leaf's chunk), and {@code blocksizes} the content bytes under each
 * link, in link order. A directory has neither, only its type.
 *
 * @param type the kind of node
 * @param data the bytes the node holds itself; empty when none (an empty field is not written, as
 *     Kubo and js do not write one), copied in and out
 * @param filesize content bytes under the node
 * @param blocksizes content bytes under each link
 * @param hashType for a HAMT shard: the multicodec of the hash that places names
 * @param fanout for a HAMT shard: the number of buckets
 * @param mode the file mode, all 32 bits as written (the spec defines the low 12)
 * @param mtime the modification time
 */
public record UnixFsData(UnixFsType type, byte[] data, OptionalLong filesize, List<Long> blocksizes,
        OptionalLong hashType, OptionalLong fanout, OptionalInt mode, Optional<UnixFsTime> mtime) {
    public UnixFsData {
        Objects.requireNonNull(type, "type");
        data = data.clone();
        blocksizes = List.copyOf(blocksizes);
        for (long size : blocksizes) {
            requireNonNegative("blocksize", size);
        }
        filesize.ifPresent(v -> requireNonNegative("filesize", v));
        hashType.ifPresent(v -> requireNonNegative("hashType", v));
        fanout.ifPresent(v -> requireNonNegative("fanout", v));
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(mtime, "mtime");
    }

    /** A file that fits one node: its content in {@code data}, and {@code filesize} saying how long it is. */
    public static UnixFsData fileLeaf(byte[] content) {
        return new UnixFsData(UnixFsType.FILE, content, OptionalLong.of(content.length), List.of(),
                OptionalLong.empty(), OptionalLong.empty(), OptionalInt.empty(), Optional.empty());
    }

    /** An inner node of a file: the content bytes under each of its links, and their sum. */
    public static UnixFsData fileParent(List<Long> blocksizes) {
        long total = 0;
        for (long size : blocksizes) {
            total = Math.addExact(total, size);
        }
        return new UnixFsData(UnixFsType.FILE, new byte[0], OptionalLong.of(total), blocksizes,
                OptionalLong.empty(), OptionalLong.empty(), OptionalInt.empty(), Optional.empty());
    }

    /** A plain directory: only its type; the entries are the dag-pb node's links. */
    public static UnixFsData directory() {
        return new UnixFsData(UnixFsType.DIRECTORY, new byte[0], OptionalLong.empty(), List.of(),
                OptionalLong.empty(), OptionalLong.empty(), OptionalInt.empty(), Optional.empty());
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    /** The data without a copy, for the encoder in this package; callers must not change it. */
    byte[] dataView() {
        return data;
    }

    /** The encoded message: {@link UnixFsDataEncoder#encode(UnixFsData)}. */
    public byte[] encode() {
        return UnixFsDataEncoder.encode(this);
    }

    /** Decodes a message: {@link UnixFsDataDecoder#decode(byte[])}. */
    public static UnixFsData decode(byte[] bytes) {
        return UnixFsDataDecoder.decode(bytes);
    }

    private static void requireNonNegative(String field, long value) {
        if (value < 0) {
            throw new IllegalArgumentException("UnixFS " + field + " must not be negative: " + value);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UnixFsData d && d.type == type && Arrays.equals(d.data, data)
                && d.filesize.equals(filesize) && d.blocksizes.equals(blocksizes) && d.hashType.equals(hashType)
                && d.fanout.equals(fanout) && d.mode.equals(mode) && d.mtime.equals(mtime);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, Arrays.hashCode(data), filesize, blocksizes, hashType, fanout, mode, mtime);
    }

    @Override
    public String toString() {
        return "UnixFsData[type=" + type + ", data=" + data.length + " bytes, filesize=" + filesize
                + ", blocksizes=" + blocksizes.size() + " entries, hashType=" + hashType + ", fanout=" + fanout
                + ", mode=" + mode + ", mtime=" + mtime + "]";
    }
}
