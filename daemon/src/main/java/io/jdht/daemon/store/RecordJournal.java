package io.jdht.daemon.store;

import io.jdht.kad.record.RecordStoreListener;
import io.jdht.kad.record.StoredRecord;

/** Hands each change of the in-memory record store to the writer. Runs on the DHT thread; encodes nothing there. */
final class RecordJournal implements RecordStoreListener {
    private final Writer writer;
    private final Maps maps;

    RecordJournal(Writer writer, Maps maps) {
        this.writer = writer;
        this.maps = maps;
    }

    @Override
    public void stored(StoredRecord record) {
        writer.submit(() -> maps.records.put(record.key(), Codec.record(record)));
    }

    @Override
    public void removed(byte[] key) {
        writer.submit(() -> maps.records.remove(key));
    }
}
