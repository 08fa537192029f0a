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
}
