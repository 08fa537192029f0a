package io.jdht.daemon.store;

import static io.jdht.daemon.store.TestData.addrs;
import static io.jdht.daemon.store.TestData.b;
import static io.jdht.daemon.store.TestData.peer;
import static org.assertj.core.api.Assertions.assertThat;

import io.jdht.kad.record.InMemoryRecordStore;
import io.jdht.kad.record.ProviderRecord;
import io.jdht.kad.record.StoreLimits;
import io.jdht.kad.record.StoredRecord;
import io.jdht.multiformats.Multihash;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A file holding more than the stores' limits loads up to them, and what did not fit leaves the file. */
@Timeout(60)
class DatastoreLimitsTest {
    @TempDir
    Path dir;

    private final TestClock clock = new TestClock();

    private static byte[] mh(int i) {
        return Multihash.sha2_256(ByteBuffer.allocate(4).putInt(i).array()).toBytes();
    }

    private DatastoreConfig config(StoreLimits records, StoreLimits providers) {
        return DatastoreConfig.DEFAULT.withClock(clock).withLimits(records, providers);
    }

    @Test
    void recordsOverTheByteCapOrAPublishersQuotaAreDroppedAtOpen() {
        try (Datastore ds = Datastore.open(dir, config(StoreLimits.RECORDS.withPerPeer(1_000, 1 << 20),
                DatastoreConfig.PROVIDER_LIMITS))) {
            for (int i = 0; i < 100; i++) { // 100 KiB of value from each of two publishers, and 100 KiB from nobody known
                ds.records().put(new StoredRecord(b("/v/a" + i), new byte[1024], clock.instant().plusMillis(i), peer(1)));
                ds.records().put(new StoredRecord(b("/v/b" + i), new byte[1024], clock.instant(), peer(2)));
                ds.records().put(new StoredRecord(b("/v/c" + i), new byte[1024], clock.instant()));
            }
            ds.sync().join();
        }
        // a tighter quota, 10 records per publisher, and room for about 60 records in all
        long room = 60 * (1024L + 6 + 260) + 2 * 300;
        StoreLimits tighter = StoreLimits.RECORDS.withMaxBytes(room).withPerPeer(10, room);
        try (Datastore ds = Datastore.open(dir, config(tighter, DatastoreConfig.PROVIDER_LIMITS))) {
            assertThat(((InMemoryRecordStore) ds.records()).bytes()).isLessThanOrEqualTo(room);
            assertThat(((InMemoryRecordStore) ds.records()).countOf(peer(1))).isEqualTo(10);
            assertThat(((InMemoryRecordStore) ds.records()).countOf(peer(2))).isEqualTo(10);
            assertThat(ds.loaded().records()).isBetween(55, 60);
            assertThat(ds.loaded().dropped()).isEqualTo(300 - ds.loaded().records());
            // the publisher's newest stay, and the publisher is known again after the restart
            assertThat(ds.records().get(b("/v/a99"), clock.instant())).hasValueSatisfying(r ->
                    assertThat(r.publisher()).contains(peer(1)));
            assertThat(ds.records().get(b("/v/a89"), clock.instant())).isEmpty();
        }
        // what did not fit left the file: opening with the old limits finds no more
        try (Datastore ds = Datastore.open(dir, config(StoreLimits.RECORDS, DatastoreConfig.PROVIDER_LIMITS))) {
            assertThat(ds.loaded().dropped()).isZero();
            assertThat(ds.loaded().records()).isBetween(55, 60);
        }
    }

    @Test
    void providerRecordsOverAProvidersQuotaAreDroppedAtOpenOldestFirst() {
        try (Datastore ds = Datastore.open(dir, config(StoreLimits.RECORDS, DatastoreConfig.PROVIDER_LIMITS))) {
            for (int i = 0; i < 500; i++) { // written in one order, read back in key order, kept by age
                ds.providers().add(mh(i), new ProviderRecord(peer(1), addrs(1), clock.instant().plusSeconds(i)));
            }
            ds.providers().add(mh(-1), new ProviderRecord(peer(2), addrs(2), clock.instant()));
            ds.sync().join();
        }
        StoreLimits tighter = DatastoreConfig.PROVIDER_LIMITS.withPerPeer(100, 1 << 20);
        try (Datastore ds = Datastore.open(dir, config(StoreLimits.RECORDS, tighter))) {
            assertThat(ds.loaded().providerRecords()).isEqualTo(101);
            assertThat(ds.loaded().dropped()).isEqualTo(400);
            for (int i = 0; i < 500; i++) {
                assertThat(ds.providers().providers(mh(i), clock.instant())).as("key %d", i).hasSize(i >= 400 ? 1 : 0);
            }
            assertThat(ds.providers().providers(mh(-1), clock.instant())).hasSize(1);
        }
        try (Datastore ds = Datastore.open(dir, config(StoreLimits.RECORDS, DatastoreConfig.PROVIDER_LIMITS))) {
            assertThat(ds.loaded().providerRecords()).isEqualTo(101);
        }
    }

    @Test
    void theNodesOwnRecordsAreNotHeldToAPeersQuotaAtOpen() {
        StoreLimits providers = DatastoreConfig.PROVIDER_LIMITS.withPerPeer(10, 1 << 20);
        try (Datastore ds = Datastore.open(dir, config(StoreLimits.RECORDS, providers).withOwner(peer(7)))) {
            for (int i = 0; i < 50; i++) {
                ds.providers().add(mh(i), new ProviderRecord(peer(7), addrs(7), clock.instant()));
            }
            ds.sync().join();
        }
        try (Datastore ds = Datastore.open(dir, config(StoreLimits.RECORDS, providers).withOwner(peer(7)))) {
            assertThat(ds.loaded().providerRecords()).isEqualTo(50);
        }
    }

    @Test
    void recordsWrittenBeforeTheyNamedTheirPublisherStillLoad() {
        try (Datastore ds = Datastore.open(dir, config(StoreLimits.RECORDS, DatastoreConfig.PROVIDER_LIMITS))) {
            ds.sync().join();
        }
        // an entry of layout 1: time, then the value
        ByteBuffer old = ByteBuffer.allocate(1 + 12 + 3).put((byte) 1).putLong(clock.instant().getEpochSecond())
                .putInt(0).put(b("old"));
        try (MVStore s = new MVStore.Builder().fileName(dir.resolve(StoreFile.FILE_NAME).toString()).open()) {
            new Maps(s).records.put(b("/v/old"), old.array());
            s.commit(); // a version past the commit marker's: the datastore takes it as written by itself
        }
        try (Datastore ds = Datastore.open(dir, config(StoreLimits.RECORDS, DatastoreConfig.PROVIDER_LIMITS))) {
            StoredRecord r = ds.records().get(b("/v/old"), clock.instant()).orElseThrow();
            assertThat(r.value()).isEqualTo(b("old"));
            assertThat(r.publisher()).isEqualTo(Optional.empty());
        }
    }

    @Test
    void aCodecRoundTripKeepsThePublisher() {
        StoredRecord r = new StoredRecord(b("/v/k"), b("value"), clock.instant().plus(Duration.ofNanos(5)), peer(3));
        StoredRecord back = Codec.record(b("/v/k"), Codec.record(r));
        assertThat(back.value()).isEqualTo(b("value"));
        assertThat(back.received()).isEqualTo(r.received());
        assertThat(back.publisher()).contains(peer(3));
        StoredRecord unknown = Codec.record(b("/v/k"), Codec.record(new StoredRecord(b("/v/k"), b("v"), clock.instant())));
        assertThat(unknown.publisher()).isEmpty();
    }
}
