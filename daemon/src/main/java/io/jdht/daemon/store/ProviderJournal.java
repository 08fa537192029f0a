package io.jdht.daemon.store;

import io.jdht.crypto.PeerId;
import io.jdht.kad.record.ProviderRecord;
import io.jdht.kad.record.ProviderStoreListener;

/** Hands each change of the in-memory provider store to the writer. Runs on the DHT thread. */
final class ProviderJournal implements ProviderStoreListener {
    private final Writer writer;
    private final Maps maps;

    ProviderJournal(Writer writer, Maps maps) {
        this.writer = writer;
        this.maps = maps;
    }

    @Override
    public void stored(byte[] key, ProviderRecord record) {
        writer.submit(() -> maps.providers.put(Codec.providerKey(key, record.provider()), Codec.provider(record)));
    }

    @Override
    public void removed(byte[] key, PeerId provider) {
        writer.submit(() -> maps.providers.remove(Codec.providerKey(key, provider)));
    }
}
