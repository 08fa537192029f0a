package io.jdht.daemon.store;

import static io.jdht.daemon.store.TestData.addrs;
import static io.jdht.daemon.store.TestData.peer;
import static org.assertj.core.api.Assertions.assertThat;

import io.jdht.crypto.PeerId;
import io.jdht.kad.record.ProviderRecord;
import io.jdht.kad.record.StoreLimits;
import io.jdht.kad.record.StoredRecord;
import io.jdht.kad.record.Sweep;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Expiry over many entries: slices of bounded size, deletions journaled, the right survivors on disk. */
@Timeout(120)
class DatastoreSweepTest {
    private static final int N = 200_000;
    private static final int SLICE = 4_096;

    @TempDir
    Path dir;

    private final TestClock clock = new TestClock();

    private static byte[] key(int i) {
        return ByteBuffer.allocate(4).putInt(i).array();
    }

    /** Every fifth key gets a second provider an hour younger, which outlives the sweep. */
    private static boolean survives(int i) {
        return i % 5 == 0;
    }

    @Test
    void expiryRunsInBoundedSlicesAndLeavesTheRightSurvivorsOnDisk() {
        List<PeerId> providers = List.of(peer(1), peer(2), peer(3));
        PeerId young = peer(9);
        Instant old = clock.instant();
        // three providers share 200,000 keys: no per-peer quota here, this is about the sweep
        DatastoreConfig config = DatastoreConfig.DEFAULT.withClock(clock).withLimits(StoreLimits.RECORDS.withMaxEntries(N),
                DatastoreConfig.PROVIDER_LIMITS.withPerPeer(N, DatastoreConfig.PROVIDER_LIMITS.maxBytes()));
        try (Datastore ds = Datastore.open(dir, config)) {
            for (int i = 0; i < N; i++) {
                ds.providers().add(key(i), new ProviderRecord(providers.get(i % 3), addrs(i % 3), old));
                if (survives(i)) {
                    ds.providers().add(key(i), new ProviderRecord(young, addrs(9), old.plus(Duration.ofHours(1))));
                }
                ds.records().put(new StoredRecord(key(i), new byte[8], survives(i) ? old.plus(Duration.ofHours(1)) : old));
            }
            ds.sync().join();

            Instant now = old.plus(Duration.ofHours(48)).plusSeconds(1);
            int slices = 0;
            int removed = 0;
            boolean recordsDone = false;
            boolean providersDone = false;
            while ((!recordsDone || !providersDone) && slices < 1_000) { // as the engine runs it: one slice per DHT task
                if (!recordsDone) {
                    Sweep s = ds.records().removeExpired(now, SLICE);
                    assertThat(s.visited()).isLessThanOrEqualTo(SLICE);
                    recordsDone = s.done();
                    removed += s.removed();
                }
                if (!providersDone) {
                    Sweep s = ds.providers().removeExpired(now, SLICE);
                    assertThat(s.visited()).isLessThanOrEqualTo(SLICE);
                    providersDone = s.done();
                    removed += s.removed();
                }
                slices++;
            }
            assertThat(slices).isEqualTo((N + SLICE - 1) / SLICE);
            assertThat(removed).isEqualTo(N + (N - N / 5)); // every old provider record, every old value record
            assertThat(ds.providers().keyCount()).isEqualTo(N / 5);
            ds.sync().join();
        }

        clock.set(old.plus(Duration.ofHours(48)).plusSeconds(2)); // the survivors are still alive
        try (Datastore ds = Datastore.open(dir, config)) {
            assertThat(ds.loaded().dropped()).as("the sweep's deletions reached the file").isZero();
            assertThat(ds.loaded().records()).isEqualTo(N / 5);
            assertThat(ds.loaded().providerRecords()).isEqualTo(N / 5);
            assertThat(ds.loaded().providerKeys()).isEqualTo(N / 5);
            for (int i = 0; i < 50; i++) {
                List<ProviderRecord> left = ds.providers().providers(key(i), clock.instant());
                if (survives(i)) {
                    assertThat(left).extracting(ProviderRecord::provider).containsExactly(young);
                    assertThat(ds.records().get(key(i), clock.instant())).isPresent();
                } else {
                    assertThat(left).isEmpty();
                    assertThat(ds.records().get(key(i), clock.instant())).isEmpty();
                }
            }
        }
    }
}
