package io.jdht.daemon.store;

import static io.jdht.daemon.store.TestData.addrs;
import static io.jdht.daemon.store.TestData.peer;
import static org.assertj.core.api.Assertions.assertThat;

import io.jdht.kad.record.ProviderRecord;
import io.jdht.multiformats.Multihash;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A burst of writes leaves MVStore's file mostly dead space (freed chunks are kept for their
 * retention time); closing rewrites it compactly, and what it held comes back.
 */
@Timeout(120)
class DatastoreCompactionTest {
    @TempDir
    Path dir;

    private final TestClock clock = new TestClock();

    @Test
    void aSparseFileIsCompactedAtCloseAndStillOpens() throws Exception {
        int count = 150_000;
        long open;
        try (Datastore ds = Datastore.open(dir, DatastoreConfig.DEFAULT.withClock(clock))) {
            Random random = new Random(3);
            byte[] digest = new byte[32];
            for (int i = 0; i < count; i++) {
                random.nextBytes(digest);
                ds.providers().add(Multihash.of(0x12, digest.clone()).toBytes(),
                        new ProviderRecord(peer(i % 100), addrs(i % 100), clock.instant()));
            }
            ds.sync().join();
            open = Files.size(ds.file());
        }
        long closed = Files.size(dir.resolve(StoreFile.FILE_NAME));
        assertThat(open).as("the file while open, after the burst").isGreaterThan(StoreFile.COMPACT_ABOVE_BYTES);
        assertThat(closed).as("the file after close").isLessThan(open / 2);
        assertThat(dir.resolve(StoreFile.MARKER_NAME)).exists();
        try (Datastore again = Datastore.open(dir, DatastoreConfig.DEFAULT.withClock(clock))) {
            assertThat(again.loaded().providerRecords()).isEqualTo(count);
        }
    }
}
