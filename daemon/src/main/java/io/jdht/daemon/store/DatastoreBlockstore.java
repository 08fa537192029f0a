package io.jdht.daemon.store;

import io.jdht.multiformats.Cid;
import io.jdht.multiformats.Multicodec;
import io.jdht.multiformats.Multihash;
import io.jdht.node.Blockstore;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Blocks on disk, keyed by multihash as {@link io.jdht.node.InMemoryBlockstore} keys them. Blocks
 * can be large and many, so none is kept in memory beyond MVStore's page cache.
 *
 * <p>Reads go straight to the maps from the calling thread (MVStore reads are safe from any
 * thread). Writes go through the writer, data and size together in one journal entry so no commit
 * can hold one without the other, and {@code put} and {@code remove} return only once committed:
 * a block whose {@code put} returned survives a kill -9. Both block the caller until then, so call
 * them from a thread that may block, never an event loop or the DHT thread.
 *
 * <p>{@code has} and {@code sizeOf} read the small size index, not the block pages.
 */
final class DatastoreBlockstore implements Blockstore {
    private final Writer writer;
    private final Maps maps;

    DatastoreBlockstore(Writer writer, Maps maps) {
        this.writer = writer;
        this.maps = maps;
    }

    @Override
    public void put(Cid cid, byte[] data) {
        if (!cid.hash().matches(data)) {
            throw new IllegalArgumentException("block data does not match the hash of " + cid);
        }
        store(cid.hash(), data);
    }

    @Override
    public Cid put(byte[] data) {
        Cid cid = Cid.v1(Multicodec.RAW, Multihash.sha2_256(data));
        store(cid.hash(), data);
        return cid;
    }

    private void store(Multihash hash, byte[] data) {
        byte[] key = hash.toBytes();
        byte[] copy = data.clone();
        writer.write(() -> {
            if (!maps.blockSizes.containsKey(key)) {
                maps.blocks.put(key, copy);
                maps.blockSizes.put(key, copy.length);
            }
        });
    }

    @Override
    public Optional<byte[]> get(Cid cid) {
        // MVStore hands out the array its page holds: a copy keeps callers from changing it
        return Optional.ofNullable(maps.blocks.get(cid.hash().toBytes())).map(byte[]::clone);
    }

    @Override
    public boolean has(Cid cid) {
        return maps.blockSizes.containsKey(cid.hash().toBytes());
    }

    @Override
    public OptionalInt sizeOf(Cid cid) {
        Integer size = maps.blockSizes.get(cid.hash().toBytes());
        return size == null ? OptionalInt.empty() : OptionalInt.of(size);
    }

    @Override
    public boolean remove(Cid cid) {
        byte[] key = cid.hash().toBytes();
        if (!maps.blockSizes.containsKey(key)) {
            return false;
        }
        boolean[] removed = new boolean[1];
        writer.write(() -> {
            removed[0] = maps.blockSizes.remove(key) != null;
            maps.blocks.remove(key);
        });
        return removed[0];
    }

    @Override
    public int size() {
        return (int) Math.min(Integer.MAX_VALUE, maps.blockSizes.sizeAsLong());
    }
}
