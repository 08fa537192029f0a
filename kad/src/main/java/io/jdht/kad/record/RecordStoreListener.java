package io.jdht.kad.record;

/**
 * Told of every change an {@link InMemoryRecordStore} makes, right after it makes it and on the
 * same thread (one node's DHT thread): the hook a persistent copy hangs on. An implementation must
 * return quickly and must not call back into the store; it hands the change on and writes
 * elsewhere.
 */
public interface RecordStoreListener {
    /** A record was stored (new, or replacing the key's previous record). Do not change its arrays. */
    void stored(StoredRecord record);

    /** The key's record is gone: removed, or dropped because it expired. */
    void removed(byte[] key);

    RecordStoreListener NONE = new RecordStoreListener() {
        @Override
        public void stored(StoredRecord record) {}

        @Override
        public void removed(byte[] key) {}
    };
}
