package io.jdht.node;

import io.jdht.multiformats.Cid;
import io.jdht.multiformats.Multicodec;
import io.jdht.multiformats.Multihash;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;

/** A {@link Blockstore} in memory; safe for use from any thread. */
public final class InMemoryBlockstore implements Blockstore {
    private final Map<Multihash, byte[]> blocks = new ConcurrentHashMap<>();

    @Override
    public void put(Cid cid, byte[] data) {
        if (!cid.hash().matches(data)) {
            throw new IllegalArgumentException("block data does not match the hash of " + cid);
        }
        blocks.put(cid.hash(), data.clone());
    }

    @Override
    public Cid put(byte[] data) {
        Cid cid = Cid.v1(Multicodec.RAW, Multihash.sha2_256(data));
        blocks.put(cid.hash(), data.clone());
        return cid;
    }

    @Override
    public Optional<byte[]> get(Cid cid) {
        return Optional.ofNullable(blocks.get(cid.hash())).map(byte[]::clone);
    }

    @Override
    public boolean has(Cid cid) {
        return blocks.containsKey(cid.hash());
    }

    @Override
    public OptionalInt sizeOf(Cid cid) {
        byte[] data = blocks.get(cid.hash());
        return data == null ? OptionalInt.empty() : OptionalInt.of(data.length);
    }

    @Override
    public boolean remove(Cid cid) {
        return blocks.remove(cid.hash()) != null;
    }

    @Override
    public int size() {
        return blocks.size();
    }
}
