package io.jdht.daemon.store;

import io.jdht.crypto.PeerId;
import io.jdht.kad.RenewalLog;
import io.jdht.kad.record.InMemoryProviderStore;
import io.jdht.kad.record.InMemoryRecordStore;
import io.jdht.kad.record.ProviderRecord;
import io.jdht.kad.record.ProviderStoreListener;
import io.jdht.kad.record.RecordStoreListener;
import io.jdht.kad.record.StoreFullException;
import io.jdht.kad.record.StoredRecord;
import io.jdht.node.SavedPeer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.BiConsumer;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the store into memory at open, on the caller's thread, before any node runs. Entries go
 * into the in-memory stores through their ordinary {@code put}/{@code add}, and expiry is decided
 * by the stores' own {@code removeExpired}, so the rules (48 h, 24 h addresses, 20 per key, the
 * caps) are the stores' and not repeated here. What the stores drop is deleted from the file.
 */
final class Loader {
    private static final Logger LOG = LoggerFactory.getLogger(Loader.class);

    /** What the node takes back at its start. */
    record Saved(List<SavedPeer> peers, List<RenewalLog.Provided> provided, List<RenewalLog.Published> published) {}

    record Result(Saved saved, int records, int providerRecords, int dropped) {}

    private final Maps maps;
    private final Path file;

    Loader(Maps maps, Path file) {
        this.maps = maps;
        this.file = file;
    }

    Result load(InMemoryRecordStore records, InMemoryProviderStore providers, Instant now) {
        List<byte[]> goneRecords = new ArrayList<>();
        records.listener(new RecordStoreListener() {
            @Override
            public void stored(StoredRecord record) {}

            @Override
            public void removed(byte[] key) {
                goneRecords.add(key);
            }
        });
        int recordsRead = each(maps.records, "records", (k, v) -> {
            try {
                records.put(Codec.record(k, v));
            } catch (StoreFullException e) {
                goneRecords.add(k);
            }
        });
        records.removeExpired(now);
        records.listener(RecordStoreListener.NONE);

        List<byte[]> goneProviders = new ArrayList<>();
        providers.listener(new ProviderStoreListener() {
            @Override
            public void stored(byte[] key, ProviderRecord record) {}

            @Override
            public void removed(byte[] key, PeerId provider) {
                goneProviders.add(Codec.providerKey(key, provider));
            }
        });
        int providersRead = each(maps.providers, "providers", (k, v) -> {
            Codec.ProviderKey pk = Codec.providerKey(k);
            try {
                providers.add(pk.key(), Codec.provider(pk.provider(), v));
            } catch (StoreFullException e) {
                goneProviders.add(k);
            }
        });
        providers.removeExpired(now);
        providers.listener(ProviderStoreListener.NONE);

        List<RenewalLog.Provided> provided = new ArrayList<>();
        each(maps.provided, "provided", (k, v) -> provided.add(Codec.provided(k, v)));
        List<RenewalLog.Published> published = new ArrayList<>();
        each(maps.published, "published", (k, v) -> published.add(Codec.published(k, v)));
        List<SavedPeer> peers = new ArrayList<>();
        each(maps.peers, "peers", (k, v) -> peers.add(Codec.peer(PeerId.fromBytes(k), v)));

        // what the stores dropped (expired, or beyond caps lowered since) leaves the file too
        goneRecords.forEach(maps.records::remove);
        goneProviders.forEach(maps.providers::remove);
        int dropped = goneRecords.size() + goneProviders.size();
        if (dropped > 0) {
            LOG.info("datastore {}: dropped {} records and {} provider records that had expired (or no longer fit"
                    + " the stores' limits)", file, goneRecords.size(), goneProviders.size());
        }
        return new Result(new Saved(List.copyOf(peers), List.copyOf(provided), List.copyOf(published)),
                recordsRead - goneRecords.size(), providersRead - goneProviders.size(), dropped);
    }

    /** Visits every entry of a map (bounded by its size); a damaged entry stops the open. */
    private <V> int each(MVMap<byte[], V> map, String name, BiConsumer<byte[], V> visit) {
        long size = map.sizeAsLong();
        int n = 0;
        Cursor<byte[], V> c = map.cursor(null);
        while (n < size && c.hasNext()) {
            byte[] key = c.next();
            try {
                visit.accept(key, c.getValue());
            } catch (IllegalArgumentException e) {
                throw new DatastoreException.Unreadable(file, "entry " + HexFormat.of().formatHex(key, 0,
                        Math.min(key.length, 48)) + " of map \"" + name + "\" is damaged: " + e.getMessage(), e);
            }
            n++;
        }
        return n;
    }
}
