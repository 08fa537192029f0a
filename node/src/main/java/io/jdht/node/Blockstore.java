package io.jdht.node;

import io.jdht.multiformats.Cid;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The blocks this node holds, by content. Blocks are keyed by multihash, as Kubo keys them, so a
 * CIDv0 and a CIDv1 of the same bytes name the same block. {@code provide} consults it: a node
 * only announces content it has.
 *
 * <p>An implementation may read and write a disk: call it from a thread that may block, never
 * from a Netty event loop or the node's DHT thread. {@link Dht#provide} calls {@link #has} on the
 * caller's thread.
 */
public interface Blockstore {
    /** Stores a block under its CID; the CID's multihash must match the data. */
    void put(Cid cid, byte[] data);

    /** Stores raw bytes as a block and returns its CIDv1 ({@code raw} codec, sha2-256). */
    Cid put(byte[] data);

    Optional<byte[]> get(Cid cid);

    boolean has(Cid cid);

    /** The block's size in bytes, if it is held; cheaper than {@link #get} where the store is on disk. */
    OptionalInt sizeOf(Cid cid);

    /** Removes the block; returns whether it was held. */
    boolean remove(Cid cid);

    int size();
}
