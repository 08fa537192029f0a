package io.jdht.daemon.store;

import static io.jdht.daemon.store.TestData.b;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdht.kad.record.StoredRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A damaged, rolled-back or busy datastore is refused with a clear message, and left as it was. */
@Timeout(60)
class DatastoreErrorsTest {
    @TempDir
    Path dir;

    private Path good;
    private final TestClock clock = new TestClock();

    /** A real datastore with a few hundred commits in it, closed cleanly. */
    @BeforeEach
    void makeAGoodStore() {
        good = dir.resolve("good");
        try (Datastore ds = Datastore.open(good, DatastoreConfig.DEFAULT.withClock(clock))) {
            for (int i = 0; i < 300; i++) {
                ds.records().put(new StoredRecord(b("/v/" + i), new byte[200], clock.instant()));
                ds.sync().join(); // a commit each: many chunks
            }
        }
    }

    /** A copy of the good store, damaged by {@code damage}. */
    private Path copyWith(String name, java.util.function.UnaryOperator<byte[]> damage) throws IOException {
        Path folder = Files.createDirectories(dir.resolve(name));
        byte[] bytes = Files.readAllBytes(good.resolve(StoreFile.FILE_NAME));
        Files.write(folder.resolve(StoreFile.FILE_NAME), damage.apply(bytes));
        Files.copy(good.resolve(StoreFile.MARKER_NAME), folder.resolve(StoreFile.MARKER_NAME));
        return folder;
    }

    private static void assertRefusedUnchanged(Path folder, String... messageParts) throws IOException {
        Path file = folder.resolve(StoreFile.FILE_NAME);
        byte[] before = Files.exists(file) ? Files.readAllBytes(file) : null;
        assertThatThrownBy(() -> Datastore.open(folder)).isInstanceOf(DatastoreException.Unreadable.class)
                .hasMessageContaining("the datastore at " + file.toAbsolutePath() + " is unreadable")
                .hasMessageContaining("Nothing was changed")
                .hasMessageContainingAll(messageParts);
        if (before != null) {
            assertThat(Files.readAllBytes(file)).as("the file is left exactly as it was").isEqualTo(before);
        } else {
            assertThat(file).doesNotExist();
        }
    }

    @Test
    void theGoodStoreOpens() {
        try (Datastore ds = Datastore.open(good, DatastoreConfig.DEFAULT.withClock(clock))) {
            assertThat(ds.loaded().records()).isEqualTo(300);
        }
    }

    @Test
    void garbageIsRefusedWithMvStoresReason() throws IOException {
        Path folder = copyWith("garbage", bytes -> {
            byte[] junk = bytes.clone();
            new Random(1).nextBytes(junk);
            return junk;
        });
        assertRefusedUnchanged(folder, "Store header is corrupt");
    }

    @Test
    void aTruncatedFileIsRefusedRatherThanRolledBack() throws IOException {
        Path folder = copyWith("truncated", bytes -> Arrays.copyOf(bytes, bytes.length / 2));
        assertRefusedUnchanged(folder, "was committed to it", "truncated");
    }

    @Test
    void aDamagedLastChunkIsRefusedRatherThanRolledBack() throws IOException {
        // zeroes over the file's last block: the last chunk no longer passes its checks
        Path folder = copyWith("bad-tail", bytes -> {
            byte[] out = bytes.clone();
            Arrays.fill(out, out.length - 4096, out.length, (byte) 0);
            return out;
        });
        assertRefusedUnchanged(folder, "was committed to it");
    }

    @Test
    void anEmptyOrMissingFileWithAMarkerIsRefused() throws IOException {
        assertRefusedUnchanged(copyWith("empty", bytes -> new byte[0]), "the file is empty");
        Path missing = copyWith("missing", bytes -> bytes);
        Files.delete(missing.resolve(StoreFile.FILE_NAME));
        assertRefusedUnchanged(missing, "the file is missing");
    }

    @Test
    void anMvStoreFileThatIsNotADatastoreIsRefused() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("other"));
        try (MVStore other = MVStore.open(folder.resolve(StoreFile.FILE_NAME).toString())) {
            other.openMap("something").put("a", "b");
            other.commit();
        }
        assertRefusedUnchanged(folder, "not a jdht datastore");
    }

    @Test
    void aDamagedEntryIsRefused() throws IOException {
        Path folder = dir.resolve("bad-entry");
        try (Datastore ds = Datastore.open(folder)) {
            ds.state().put("x", b("y"));
        }
        // write a record entry that is not in the record layout, straight into the map
        try (MVStore s = new MVStore.Builder().fileName(folder.resolve(StoreFile.FILE_NAME).toString()).open()) {
            new Maps(s).records.put(b("/v/bad"), new byte[] {9, 9});
            s.commit();
        }
        Files.delete(folder.resolve(StoreFile.MARKER_NAME)); // the marker is behind the hand-made commit anyway
        assertRefusedUnchanged(folder, "of map \"records\" is damaged", "layout 9");
    }

    @Test
    void aStoreOpenInThisProcessIsInUse() {
        try (Datastore ds = Datastore.open(good)) {
            assertThatThrownBy(() -> Datastore.open(good)).isInstanceOf(DatastoreException.InUse.class)
                    .hasMessage("the datastore at " + good.resolve(StoreFile.FILE_NAME).toAbsolutePath()
                            + " is in use by another process (is a jdht daemon running on this repo?)");
            assertThat(ds.records().size()).isEqualTo(300); // the first one is unharmed
        }
    }

    @Test
    void aStoreOpenInAnotherProcessIsInUse() throws Exception {
        try (ChildJvm child = new ChildJvm("hold", good.toString())) {
            assertThat(child.readLine()).isEqualTo("open");
            assertThatThrownBy(() -> Datastore.open(good)).isInstanceOf(DatastoreException.InUse.class)
                    .hasMessageContaining("is in use by another process");
            child.kill();
        }
        // the lock goes with the process
        try (Datastore ds = Datastore.open(good, DatastoreConfig.DEFAULT.withClock(clock))) {
            assertThat(ds.loaded().records()).isEqualTo(300);
        }
    }
}
