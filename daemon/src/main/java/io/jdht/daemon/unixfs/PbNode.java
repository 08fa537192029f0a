package io.jdht.daemon.unixfs;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A dag-pb node: an ordered list of links and optional opaque data (for UnixFS, an encoded
 * {@link UnixFsData}). Absent data and empty data are different bytes on the wire.
 *
 * @param links the links in their order in the block
 * @param data the data, or {@code null} when the node has none (copied in and out: the record is
 *     immutable)
 */
public record PbNode(List<PbLink> links, byte[] data) {
    public PbNode {
        links = List.copyOf(links);
        data = data == null ? null : data.clone();
    }

    /** A node with data and no links, such as a UnixFS leaf or an empty directory. */
    public static PbNode ofData(byte[] data) {
        return new PbNode(List.of(), Objects.requireNonNull(data, "data"));
    }

    @Override
    public byte[] data() {
        return data == null ? null : data.clone();
    }

    public boolean hasData() {
        return data != null;
    }

    /** The data without a copy, for the encoder in this package; callers must not change it. */
    byte[] dataView() {
        return data;
    }

    /** The block: {@link DagPbEncoder#encode(PbNode)}. */
    public byte[] encode() {
        return DagPbEncoder.encode(this);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PbNode n && n.links.equals(links) && Arrays.equals(n.data, data);
    }

    @Override
    public int hashCode() {
        return 31 * links.hashCode() + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "PbNode[links=" + links + ", data=" + (data == null ? "absent" : data.length + " bytes") + "]";
    }
}
