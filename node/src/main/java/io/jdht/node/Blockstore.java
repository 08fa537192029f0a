package io.jdht.node;

import io.jdht.multiformats.Cid;
import java.util.Optional;

/**
 * The blocks this node holds, by content. Blocks are keyed by multihash, as Kubo keys them, so a
 * CIDv0 and a CIDv1 of the same bytes name the same block. {@code provide} consults it: a node
 * only announces content it has.
 */
public interface Blockstore {
    /** Stores a block under its CID; the CID's multihash must match the data. */
    void put(Cid cid, byte[] data);

    /** Stores raw bytes as a block and returns its CIDv1 ({@code raw} codec, sha2-256). */
    Cid put(byte[] data);

    Optional<byte[]> get(Cid cid);

    boolean has(Cid cid);

    int size();
}
