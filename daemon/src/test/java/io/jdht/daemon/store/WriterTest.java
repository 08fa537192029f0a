package io.jdht.daemon.store;

import static io.jdht.daemon.store.TestData.b;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The writer's promises: syncs cover what came before them, and after a failed write nothing more is acknowledged. */
@Timeout(60)
class WriterTest {
    @TempDir
    Path dir;

    private static final Executor DIRECT = Runnable::run;

    @Test
    void aSyncCoversEveryChangeQueuedBeforeIt() {
        StoreFile file = StoreFile.open(dir);
        Writer writer = new Writer(file, DIRECT, Writer.COMPACT_INTERVAL);
        Maps maps = new Maps(file.store);
        for (int i = 0; i < 25_000; i++) { // more than one batch
            String name = "n" + i;
            writer.submit(() -> maps.state.put(name, b("v")));
        }
        CompletableFuture<Void> synced = writer.sync();
        synced.join();
        assertThat(maps.state.sizeAsLong()).isEqualTo(25_000);
        assertThat(file.store.hasUnsavedChanges()).isFalse();
        writer.close();
    }

    @Test
    void afterAFailedWriteNothingMoreIsAcknowledgedAndWhatCameBeforeIsKept() {
        StoreFile file = StoreFile.open(dir);
        Writer writer = new Writer(file, DIRECT, Writer.COMPACT_INTERVAL);
        Maps maps = new Maps(file.store);
        writer.write(() -> maps.state.put("before", b("kept")));
        writer.submit(() -> {
            maps.state.put("half", b("done")); // half a change, then the failure
            throw new IllegalStateException("the disk is on fire");
        });
        assertThatThrownBy(() -> writer.sync().join()).isInstanceOf(CompletionException.class)
                .cause().isInstanceOf(DatastoreException.WriteFailed.class).hasMessageContaining("the disk is on fire");
        assertThatThrownBy(() -> writer.write(() -> maps.state.put("after", b("x"))))
                .isInstanceOf(DatastoreException.WriteFailed.class);
        writer.submit(() -> maps.state.put("after", b("x"))); // dropped, with a warning
        writer.close();
        writer.close();

        StoreFile again = StoreFile.open(dir);
        Maps reread = new Maps(again.store);
        assertThat(reread.state.get("before")).isEqualTo(b("kept"));
        assertThat(reread.state.containsKey("half")).as("never acknowledged, never committed").isFalse();
        assertThat(reread.state.containsKey("after")).isFalse();
        again.store.close();
    }
}
