package io.jdht.daemon.unixfs;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.Arrays;
import java.util.List;

/**
 * Encodes a {@link PbNode} as a dag-pb block, in the one canonical form every implementation
 * writes and therefore hashes: all links (field 2) first, then the data (field 1), against the
 * field-number order a generated protobuf encoder would use; inside a link Hash, Name, Tsize in that
 * order, each only when present.
 */
public final class DagPbEncoder {
    static final int DATA = 1;
    static final int LINKS = 2;
    static final int LINK_HASH = 1;
    static final int LINK_NAME = 2;
    static final int LINK_TSIZE = 3;

    private DagPbEncoder() {}

    /**
     * The block bytes.
     *
     * @throws IllegalArgumentException if the links are not sorted by name: the dag-pb spec requires
     *     that order (names compared as bytes, absent names as empty, equal names in any order), so
     *     a node with the same links always encodes the same way
     */
    public static byte[] encode(PbNode node) {
        List<PbLink> links = node.links();
        byte[][] hashes = new byte[links.size()][];
        byte[][] names = new byte[links.size()][];
        int[] linkSizes = new int[links.size()];
        int size = 0;
        for (int i = 0; i < links.size(); i++) {
            PbLink link = links.get(i);
            hashes[i] = link.hash().toBytes();
            names[i] = link.name() == null ? null : link.name().getBytes(UTF_8);
            if (i > 0 && Arrays.compareUnsigned(nameOrEmpty(names[i - 1]), nameOrEmpty(names[i])) > 0) {
                throw new IllegalArgumentException("dag-pb links must be sorted by name; link " + i + " ("
                        + link.name() + ") comes after \"" + links.get(i - 1).name() + "\"");
            }
            linkSizes[i] = linkBodySize(hashes[i], names[i], link.tsize());
            size += ProtoWriter.lengthDelimitedFieldSize(LINKS, linkSizes[i]);
        }
        byte[] data = node.dataView();
        if (data != null) {
            size += ProtoWriter.lengthDelimitedFieldSize(DATA, data.length);
        }
        ProtoWriter w = new ProtoWriter(size);
        for (int i = 0; i < links.size(); i++) {
            w.lengthDelimitedHeader(LINKS, linkSizes[i]);
            w.bytesField(LINK_HASH, hashes[i]);
            if (names[i] != null) {
                w.bytesField(LINK_NAME, names[i]);
            }
            Long tsize = links.get(i).tsize();
            if (tsize != null) {
                w.varintField(LINK_TSIZE, tsize);
            }
        }
        if (data != null) {
            w.bytesField(DATA, data);
        }
        return w.toByteArray();
    }

    private static int linkBodySize(byte[] hash, byte[] name, Long tsize) {
        int n = ProtoWriter.lengthDelimitedFieldSize(LINK_HASH, hash.length);
        if (name != null) {
            n += ProtoWriter.lengthDelimitedFieldSize(LINK_NAME, name.length);
        }
        if (tsize != null) {
            n += ProtoWriter.varintFieldSize(LINK_TSIZE, tsize);
        }
        return n;
    }

    private static byte[] nameOrEmpty(byte[] name) {
        return name == null ? new byte[0] : name;
    }
}
