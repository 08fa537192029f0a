package io.jdht.kad.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdht.crypto.PeerId;
import io.jdht.multiformats.Multihash;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The record store's byte cap and per-publisher quotas. */
class RecordStoreLimitsTest {
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

    private static PeerId peer(int n) {
        return new PeerId(Multihash.sha2_256(ByteBuffer.allocate(4).putInt(n).array()));
    }

    private static byte[] key(int n) {
        return ("/v/" + n).getBytes(StandardCharsets.UTF_8);
    }

    private static InMemoryRecordStore store(StoreLimits limits) {
        return new InMemoryRecordStore(Duration.ofHours(48), limits);
    }

    private static StoredRecord record(int key, int size, int publisher, Instant at) {
        return new StoredRecord(key(key), new byte[size], at, peer(publisher));
    }

    @Test
    void largeValuesFromManyPeersStopAtTheByteCapNotTheCountCap() {
        long cap = 1 << 20;
        InMemoryRecordStore store = store(StoreLimits.RECORDS.withMaxBytes(cap)); // 100,000 records, 1 MiB
        int refused = 0;
        for (int i = 0; i < 1_000; i++) { // 10 KiB each from its own peer: 10 MB asked for
            try {
                store.put(record(i, 10 << 10, i, T0));
            } catch (StoreFullException e) {
                refused++;
            }
        }
        assertThat(store.bytes()).isLessThanOrEqualTo(cap);
        assertThat(store.size()).isBetween(90, 102);
        assertThat(refused).isEqualTo(1_000 - store.size());
        assertThat(store.get(key(0), T0)).isPresent();
        assertThat(store.get(key(999), T0)).isEmpty();
        // what is held can still be replaced, by a value no larger
        store.put(record(0, 10, 7, T0.plusSeconds(1)));
        assertThat(store.get(key(0), T0).orElseThrow().value()).hasSize(10);
        int held = store.size();
        assertThat(store.removeExpired(T0.plus(Duration.ofHours(49)))).isEqualTo(held);
        assertThat(store.bytes()).isZero();
    }

    @Test
    void aPublisherFloodingKeepsOnlyItsNewestQuotaAndOthersStillGetIn() {
        InMemoryRecordStore store = new InMemoryRecordStore(); // 1,000 records per peer
        for (int i = 0; i < 1_500; i++) {
            store.put(record(i, 8, 1, T0.plusMillis(i)));
        }
        assertThat(store.countOf(peer(1))).isEqualTo(StoreLimits.RECORDS.maxEntriesPerPeer());
        assertThat(store.size()).isEqualTo(1_000);
        assertThat(store.get(key(499), T0)).isEmpty();
        assertThat(store.get(key(500), T0)).isPresent();
        store.put(record(-1, 8, 2, T0));
        assertThat(store.get(key(-1), T0)).isPresent();
    }

    @Test
    void recordsAPublisherChurnsThroughDoNotStayInMemory() {
        InMemoryRecordStore store = new InMemoryRecordStore(); // 1,000 records per peer
        for (int i = 0; i < 20_000; i++) {
            store.put(record(i, 8, 1, T0.plusMillis(i)));
        }
        assertThat(store.size()).isEqualTo(1_000);
        // the sweep's rotation once kept every dropped entry, value and all, until an hourly pass reached it
        assertThat(store.rotationLength()).isLessThanOrEqualTo(2 * 1_000 + 1024 + 1);
        assertThat(store.removeExpired(T0.plusSeconds(60), 100_000).visited()).isLessThanOrEqualTo(store.rotationLength() + 1_000);
    }

    @Test
    void aPublisherOfLargeValuesIsHeldToItsByteQuota() {
        InMemoryRecordStore store = new InMemoryRecordStore(); // 1 MiB per peer
        List<byte[]> heardRemoved = new ArrayList<>();
        store.listener(new RecordStoreListener() {
            @Override
            public void stored(StoredRecord record) {}

            @Override
            public void removed(byte[] key) {
                heardRemoved.add(key);
            }
        });
        for (int i = 0; i < 20; i++) { // 100 KiB each: 2 MB
            store.put(record(i, 100 << 10, 1, T0.plusSeconds(i)));
        }
        assertThat(store.bytes()).isLessThanOrEqualTo(StoreLimits.RECORDS.maxBytesPerPeer());
        assertThat(store.size()).isEqualTo(10);
        assertThat(heardRemoved).hasSize(10).first().isEqualTo(key(0));
        assertThat(store.get(key(19), T0)).isPresent();
    }

    @Test
    void aRecordLargerThanAPublishersQuotaIsRefusedAndTheOneHeldStays() {
        InMemoryRecordStore store = new InMemoryRecordStore();
        store.put(record(1, 10, 1, T0));
        assertThatThrownBy(() -> store.put(record(1, 2 << 20, 1, T0)))
                .isInstanceOf(StoreFullException.class)
                .hasMessageContaining("more than one peer may store");
        assertThat(store.get(key(1), T0).orElseThrow().value()).hasSize(10);
    }

    @Test
    void aReplacedRecordCountsAgainstItsNewPublisher() {
        InMemoryRecordStore store = store(StoreLimits.RECORDS.withPerPeer(2, 1 << 20));
        store.put(record(1, 8, 1, T0));
        store.put(record(2, 8, 1, T0.plusSeconds(1)));
        store.put(record(1, 8, 2, T0.plusSeconds(2))); // peer 2 puts a better record under key 1
        assertThat(store.countOf(peer(1))).isEqualTo(1);
        assertThat(store.countOf(peer(2))).isEqualTo(1);
        store.put(record(3, 8, 1, T0.plusSeconds(3)));
        store.put(record(4, 8, 1, T0.plusSeconds(4))); // peer 1's oldest is now key 2
        assertThat(store.get(key(1), T0)).isPresent();
        assertThat(store.get(key(2), T0)).isEmpty();
        assertThat(store.countOf(peer(1))).isEqualTo(2);
    }

    @Test
    void republishingOneKeyKeepsItAndTheOrderSmall() {
        InMemoryRecordStore store = store(StoreLimits.RECORDS.withPerPeer(2, 1 << 20));
        store.put(record(1, 8, 1, T0));
        for (int i = 0; i < 100_000; i++) {
            store.put(record(2, 8, 1, T0.plusSeconds(1)));
        }
        assertThat(store.orderLength(peer(1))).isLessThanOrEqualTo(2 * 2 + 16 + 1);
        store.put(record(2, 8, 1, T0.plusSeconds(2))); // at its quota, replacing its own: nothing goes
        assertThat(store.get(key(1), T0)).isPresent();
        store.put(record(3, 8, 1, T0.plusSeconds(3)));
        assertThat(store.get(key(1), T0)).isEmpty();
        assertThat(store.get(key(2), T0)).isPresent();
    }

    @Test
    void theNodesOwnAndUnknownPublishersRecordsAreHeldToTheTotalsOnly() {
        InMemoryRecordStore store = store(StoreLimits.RECORDS.withMaxEntries(10).withPerPeer(2, 1 << 20));
        store.owner(peer(9));
        for (int i = 0; i < 5; i++) {
            store.put(record(i, 8, 9, T0));
            store.put(new StoredRecord(key(100 + i), new byte[8], T0));
        }
        assertThat(store.size()).isEqualTo(10);
        assertThatThrownBy(() -> store.put(record(50, 8, 9, T0))).isInstanceOf(StoreFullException.class)
                .hasMessage("record store is full (10 records)");
    }

    @Test
    void aFullStoreTakesRoomFromPublishersHoldingMoreThanTheWriterWill() {
        // ten identities fill the store, each within its quota (fresh peer ids cost nothing); keys
        // of one length, so that records of one publisher cost what the others' cost
        InMemoryRecordStore store = store(StoreLimits.RECORDS.withMaxEntries(50).withPerPeer(5, 1 << 20));
        for (int p = 0; p < 10; p++) {
            for (int i = 0; i < 5; i++) {
                store.put(record(1000 + p * 10 + i, 8, p, T0.plusSeconds(p * 10 + i)));
            }
        }
        assertThat(store.size()).isEqualTo(50);
        // a peer holding nothing gets in, and keeps getting in while others hold more than it will
        for (int i = 0; i < 4; i++) {
            store.put(record(2000 + i, 8, 77, T0.plusSeconds(500 + i)));
        }
        assertThat(store.countOf(peer(77))).isEqualTo(4);
        assertThat(store.size()).isEqualTo(50);
        // holding as much as the largest, it is refused as the others are
        assertThatThrownBy(() -> store.put(record(2004, 8, 77, T0.plusSeconds(504))))
                .isInstanceOf(StoreFullException.class).hasMessage("record store is full (50 records)");
        assertThat(store.countOf(peer(77))).isEqualTo(4);
        int held = 0;
        for (int p = 0; p < 10; p++) {
            held += store.countOf(peer(p));
        }
        assertThat(held).as("the four records came from the others' oldest").isEqualTo(46);
    }

    @Test
    void theNodesOwnRecordTakesRoomFromAPublisherWhenTheStoreIsFull() {
        InMemoryRecordStore store = store(StoreLimits.RECORDS.withMaxEntries(20).withPerPeer(5, 1 << 20));
        store.owner(peer(9));
        for (int p = 0; p < 4; p++) {
            for (int i = 0; i < 5; i++) {
                store.put(record(1000 + p * 10 + i, 8, p, T0.plusSeconds(i)));
            }
        }
        store.put(record(2000, 8, 9, T0.plusSeconds(10)));
        assertThat(store.get(key(2000), T0.plusSeconds(10))).isPresent();
        assertThat(store.size()).isEqualTo(20);
    }
}
