package io.jdht.daemon.store;

import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.type.ByteArrayDataType;
import org.h2.mvstore.type.IntegerDataType;
import org.h2.mvstore.type.StringDataType;

/**
 * The named maps of the store, one per kind of entry. Keys are raw bytes (sorted by MVStore's
 * unsigned byte order), values are {@link Codec} layouts; each map's key is what makes an entry
 * unique, so a journal entry is always one put or one remove.
 */
final class Maps {
    /** Value records: record key → time received, value. */
    final MVMap<byte[], byte[]> records;
    /** Provider records: (key, provider peer id) → time received, addresses. */
    final MVMap<byte[], byte[]> providers;
    /** Keys this node provides: multihash → time last announced. */
    final MVMap<byte[], byte[]> provided;
    /** Records this node put: key → time last put, value. */
    final MVMap<byte[], byte[]> published;
    /** The routing table's last snapshot: peer id → its peer-store entry. */
    final MVMap<byte[], byte[]> peers;
    /** Blocks: multihash → data. Read only by {@link DatastoreBlockstore#get}: these pages are big. */
    final MVMap<byte[], byte[]> blocks;
    /** Block sizes: multihash → bytes. The index that {@code has} and {@code sizeOf} read. */
    final MVMap<byte[], Integer> blockSizes;
    /** The daemon's own small state: name → bytes. */
    final MVMap<String, byte[]> state;

    Maps(MVStore store) {
        records = bytes(store, "records");
        providers = bytes(store, "providers");
        provided = bytes(store, "provided");
        published = bytes(store, "published");
        peers = bytes(store, "peers");
        blocks = bytes(store, "blocks");
        blockSizes = store.openMap("block-sizes", new MVMap.Builder<byte[], Integer>()
                .keyType(ByteArrayDataType.INSTANCE).valueType(IntegerDataType.INSTANCE));
        state = store.openMap("state", new MVMap.Builder<String, byte[]>()
                .keyType(StringDataType.INSTANCE).valueType(ByteArrayDataType.INSTANCE));
    }

    private static MVMap<byte[], byte[]> bytes(MVStore store, String name) {
        return store.openMap(name, new MVMap.Builder<byte[], byte[]>()
                .keyType(ByteArrayDataType.INSTANCE).valueType(ByteArrayDataType.INSTANCE));
    }
}
