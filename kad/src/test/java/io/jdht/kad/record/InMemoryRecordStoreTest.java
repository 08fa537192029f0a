package io.jdht.kad.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class InMemoryRecordStoreTest {
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void keysCompareByContent() {
        InMemoryRecordStore store = new InMemoryRecordStore();
        store.put(new StoredRecord(b("/k"), b("v1"), T0));
        assertThat(store.get(b("/k"), T0)).hasValueSatisfying(r -> assertThat(r.value()).isEqualTo(b("v1")));
        store.put(new StoredRecord(b("/k"), b("v2"), T0));
        assertThat(store.size()).isEqualTo(1);
        assertThat(store.get(b("/k"), T0).orElseThrow().value()).isEqualTo(b("v2"));
        store.remove(b("/k"));
        assertThat(store.get(b("/k"), T0)).isEmpty();
        assertThat(store.size()).isZero();
    }

    @Test
    void storeIsNotChangedThroughCallerArrays() {
        InMemoryRecordStore store = new InMemoryRecordStore();
        byte[] key = b("/k");
        byte[] value = b("v");
        store.put(new StoredRecord(key, value, T0));
        key[1] = 'x';
        value[0] = 'x';
        store.get(b("/k"), T0).orElseThrow().value()[0] = 'y';
        assertThat(store.get(b("/k"), T0).orElseThrow().value()).isEqualTo(b("v"));
    }

    @Test
    void recordsExpireAfterMaxAge() {
        InMemoryRecordStore store = new InMemoryRecordStore();
        store.put(new StoredRecord(b("/old"), b("v"), T0));
        store.put(new StoredRecord(b("/new"), b("v"), T0.plus(Duration.ofHours(1))));
        Instant deadline = T0.plus(InMemoryRecordStore.DEFAULT_MAX_AGE);
        assertThat(store.get(b("/old"), deadline.minusNanos(1))).isPresent();
        assertThat(store.removeExpired(deadline.minusNanos(1))).isZero();
        assertThat(store.removeExpired(deadline)).isEqualTo(1);
        assertThat(store.size()).isEqualTo(1);
        assertThat(store.get(b("/new"), deadline)).isPresent();
        // get also treats an expired record as absent and drops it
        assertThat(store.get(b("/new"), deadline.plus(Duration.ofHours(1)))).isEmpty();
        assertThat(store.size()).isZero();
    }

    @Test
    void refreshingRestartsTheClock() {
        InMemoryRecordStore store = new InMemoryRecordStore(Duration.ofMinutes(10), 10);
        store.put(new StoredRecord(b("/k"), b("v"), T0));
        store.put(new StoredRecord(b("/k"), b("v"), T0.plus(Duration.ofMinutes(9))));
        assertThat(store.get(b("/k"), T0.plus(Duration.ofMinutes(15)))).isPresent();
        assertThat(store.get(b("/k"), T0.plus(Duration.ofMinutes(19)))).isEmpty();
    }

    @Test
    void fullStoreRejectsNewKeysButRefreshesHeldOnes() {
        InMemoryRecordStore store = new InMemoryRecordStore(Duration.ofMinutes(10), 2);
        store.put(new StoredRecord(b("/a"), b("1"), T0));
        store.put(new StoredRecord(b("/b"), b("1"), T0));
        assertThatThrownBy(() -> store.put(new StoredRecord(b("/c"), b("1"), T0))).isInstanceOf(StoreFullException.class);
        assertThat(store.get(b("/c"), T0)).isEmpty();
        store.put(new StoredRecord(b("/a"), b("2"), T0));
        assertThat(store.get(b("/a"), T0).orElseThrow().value()).isEqualTo(b("2"));
        // expiry frees the slots
        assertThat(store.removeExpired(T0.plus(Duration.ofMinutes(10)))).isEqualTo(2);
        store.put(new StoredRecord(b("/c"), b("1"), T0.plus(Duration.ofMinutes(10))));
        assertThat(store.size()).isEqualTo(1);
    }

    @Test
    void limitsMustBePositive() {
        assertThatThrownBy(() -> new InMemoryRecordStore(Duration.ZERO, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new InMemoryRecordStore(Duration.ofHours(1), 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anIncrementalSweepLooksAtNoMoreKeysPerSliceThanItsBudgetAndKeepsTheLive() {
        InMemoryRecordStore store = new InMemoryRecordStore(Duration.ofHours(48), 300_000);
        int n = 200_000;
        for (int i = 0; i < n; i++) {
            // every third record is an hour younger and outlives the sweep below
            Instant received = i % 3 == 0 ? T0.plus(Duration.ofHours(1)) : T0;
            store.put(new StoredRecord(b("/k/" + i), b("v"), received));
        }
        Instant now = T0.plus(Duration.ofHours(48)).plusSeconds(1);
        int slices = 0;
        int removed = 0;
        Sweep s;
        do {
            s = store.removeExpired(now, 5_000);
            assertThat(s.visited()).isLessThanOrEqualTo(5_000);
            removed += s.removed();
            slices++;
        } while (!s.done() && slices < 1_000);
        assertThat(s.done()).isTrue();
        assertThat(slices).isEqualTo(n / 5_000);
        assertThat(removed).isEqualTo(n - (n + 2) / 3);
        assertThat(store.size()).isEqualTo((n + 2) / 3);
        assertThat(store.get(b("/k/3"), now)).isPresent();
        assertThat(store.get(b("/k/4"), now)).isEmpty();
        // the next pass visits only the survivors
        Sweep next = store.removeExpired(now, n);
        assertThat(next.visited()).isEqualTo((n + 2) / 3);
        assertThat(next.removed()).isZero();
    }

    @Test
    void keysRemovedOrAddedDuringAPassAreHandled() {
        InMemoryRecordStore store = new InMemoryRecordStore(Duration.ofHours(1), 100);
        for (int i = 0; i < 10; i++) {
            store.put(new StoredRecord(b("/k/" + i), b("v"), T0));
        }
        Instant late = T0.plus(Duration.ofHours(2));
        assertThat(store.removeExpired(late, 3).removed()).isEqualTo(3);
        store.remove(b("/k/5")); // the sweep meets its dead entry and skips it
        store.put(new StoredRecord(b("/k/5"), b("again"), late)); // a new entry, visited next pass
        Sweep rest = store.removeExpired(late, 100);
        assertThat(rest.done()).isTrue();
        assertThat(rest.removed()).isEqualTo(6);
        assertThat(store.size()).isEqualTo(1);
        assertThat(store.removeExpired(late, 100).visited()).isEqualTo(1);
    }

    @Test
    void theListenerHearsOfEveryChange() {
        InMemoryRecordStore store = new InMemoryRecordStore(Duration.ofHours(1), 100);
        java.util.List<String> heard = new java.util.ArrayList<>();
        store.listener(new RecordStoreListener() {
            @Override
            public void stored(StoredRecord record) {
                heard.add("stored " + new String(record.key(), StandardCharsets.UTF_8) + "="
                        + new String(record.value(), StandardCharsets.UTF_8));
            }

            @Override
            public void removed(byte[] key) {
                heard.add("removed " + new String(key, StandardCharsets.UTF_8));
            }
        });
        store.put(new StoredRecord(b("/a"), b("1"), T0));
        store.put(new StoredRecord(b("/a"), b("2"), T0));
        store.put(new StoredRecord(b("/b"), b("1"), T0.plus(Duration.ofMinutes(30))));
        store.put(new StoredRecord(b("/c"), b("1"), T0.plus(Duration.ofMinutes(30))));
        store.remove(b("/c"));
        store.remove(b("/never"));
        assertThat(store.get(b("/a"), T0.plus(Duration.ofHours(1)))).isEmpty(); // expired on read
        store.removeExpired(T0.plus(Duration.ofHours(2)), 10);
        assertThat(heard).containsExactly("stored /a=1", "stored /a=2", "stored /b=1", "stored /c=1", "removed /c",
                "removed /a", "removed /b");
    }
}
