package io.jdht.daemon.store;

import io.jdht.kad.RenewalLog;
import java.time.Instant;

/** Hands the engine's changes to its provided keys and put records to the writer. Runs on the DHT thread. */
final class RenewalJournal implements RenewalLog {
    private final Writer writer;
    private final Maps maps;

    RenewalJournal(Writer writer, Maps maps) {
        this.writer = writer;
        this.maps = maps;
    }

    @Override
    public void provided(byte[] multihash, Instant at) {
        byte[] key = multihash.clone();
        writer.submit(() -> maps.provided.put(key, Codec.provided(at)));
    }

    @Override
    public void published(byte[] key, byte[] value, Instant at) {
        byte[] k = key.clone();
        byte[] v = value.clone();
        writer.submit(() -> maps.published.put(k, Codec.published(v, at)));
    }

    @Override
    public void unpublished(byte[] key) {
        byte[] k = key.clone();
        writer.submit(() -> maps.published.remove(k));
    }
}
