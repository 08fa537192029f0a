package io.jdht.kad.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdht.crypto.Ed25519PrivateKey;
import io.jdht.crypto.PeerId;
import io.jdht.multiformats.Multiaddr;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class InMemoryProviderStoreTest {
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    private static final byte[] KEY = {0x12, 0x20, 1, 2, 3};
    private static final List<Multiaddr> ADDRS = List.of(Multiaddr.parse("/ip4/192.0.2.1/tcp/4001"));

    private static PeerId peer(int n) {
        byte[] seed = new byte[32];
        Arrays.fill(seed, (byte) n);
        return PeerId.fromPublicKey(Ed25519PrivateKey.fromSeed(seed).publicKey());
    }

    private static ProviderRecord record(int peer, Instant received) {
        return new ProviderRecord(peer(peer), ADDRS, received);
    }

    private static List<PeerId> peers(List<ProviderRecord> records) {
        return records.stream().map(ProviderRecord::provider).toList();
    }

    @Test
    void providersAreListedNewestFirstAndKeysCompareByContent() {
        InMemoryProviderStore store = new InMemoryProviderStore();
        store.add(KEY.clone(), record(1, T0));
        store.add(KEY.clone(), record(2, T0.plusSeconds(2)));
        store.add(KEY.clone(), record(3, T0.plusSeconds(1)));
        assertThat(peers(store.providers(KEY.clone(), T0.plusSeconds(3)))).containsExactly(peer(2), peer(3), peer(1));
        assertThat(store.keyCount()).isEqualTo(1);
        assertThat(store.providers(new byte[] {9}, T0)).isEmpty();
    }

    @Test
    void addressesAreServedForTheAddressTtlAndRecordsForTheValidity() {
        InMemoryProviderStore store = new InMemoryProviderStore();
        store.add(KEY, record(1, T0));
        Instant addressDeadline = T0.plus(InMemoryProviderStore.DEFAULT_ADDRESS_TTL);
        assertThat(store.providers(KEY, addressDeadline.minusNanos(1)).getFirst().addresses()).isEqualTo(ADDRS);
        ProviderRecord late = store.providers(KEY, addressDeadline).getFirst();
        assertThat(late.provider()).isEqualTo(peer(1));
        assertThat(late.addresses()).isEmpty();
        Instant deadline = T0.plus(InMemoryProviderStore.DEFAULT_VALIDITY);
        assertThat(store.providers(KEY, deadline.minusNanos(1))).hasSize(1);
        assertThat(store.providers(KEY, deadline)).isEmpty();
        assertThat(store.keyCount()).isZero();
    }

    @Test
    void refreshReplacesTheRecord() {
        InMemoryProviderStore store = new InMemoryProviderStore();
        store.add(KEY, record(1, T0));
        Instant later = T0.plus(Duration.ofHours(30));
        List<Multiaddr> newAddrs = List.of(Multiaddr.parse("/ip4/192.0.2.2/udp/4001/quic-v1"));
        store.add(KEY, new ProviderRecord(peer(1), newAddrs, later));
        List<ProviderRecord> now = store.providers(KEY, T0.plus(Duration.ofHours(50)));
        assertThat(now).hasSize(1);
        assertThat(now.getFirst().received()).isEqualTo(later);
        assertThat(now.getFirst().addresses()).isEqualTo(newAddrs);
    }

    @Test
    void removeExpiredCountsRecordsAndDropsEmptyKeys() {
        InMemoryProviderStore store = new InMemoryProviderStore();
        store.add(new byte[] {1}, record(1, T0));
        store.add(new byte[] {1}, record(2, T0.plus(Duration.ofHours(10))));
        store.add(new byte[] {2}, record(1, T0));
        Instant t = T0.plus(InMemoryProviderStore.DEFAULT_VALIDITY);
        assertThat(store.removeExpired(t.minusNanos(1))).isZero();
        assertThat(store.removeExpired(t)).isEqualTo(2);
        assertThat(store.keyCount()).isEqualTo(1);
        assertThat(peers(store.providers(new byte[] {1}, t))).containsExactly(peer(2));
    }

    @Test
    void fullKeyReplacesItsOldestProvider() {
        InMemoryProviderStore store = new InMemoryProviderStore(Duration.ofHours(48), Duration.ofHours(24), 3, 10);
        store.add(KEY, record(1, T0.plusSeconds(5)));
        store.add(KEY, record(2, T0)); // oldest, though not first added
        store.add(KEY, record(3, T0.plusSeconds(7)));
        store.add(KEY, record(4, T0.plusSeconds(10)));
        assertThat(peers(store.providers(KEY, T0.plusSeconds(11)))).containsExactly(peer(4), peer(3), peer(1));
        // a known provider refreshing a full key evicts nobody
        store.add(KEY, record(1, T0.plusSeconds(12)));
        assertThat(peers(store.providers(KEY, T0.plusSeconds(13)))).containsExactly(peer(1), peer(4), peer(3));
    }

    @Test
    void defaultCapIsTwentyPerKey() {
        InMemoryProviderStore store = new InMemoryProviderStore();
        for (int i = 0; i < 25; i++) {
            store.add(KEY, record(i, T0.plusSeconds(i)));
        }
        List<ProviderRecord> providers = store.providers(KEY, T0.plusSeconds(30));
        assertThat(providers).hasSize(InMemoryProviderStore.DEFAULT_MAX_PROVIDERS_PER_KEY);
        assertThat(providers.getLast().provider()).isEqualTo(peer(5));
    }

    @Test
    void fullStoreRejectsNewKeys() {
        InMemoryProviderStore store = new InMemoryProviderStore(Duration.ofHours(48), Duration.ofHours(24), 3, 2);
        store.add(new byte[] {1}, record(1, T0));
        store.add(new byte[] {2}, record(2, T0));
        assertThatThrownBy(() -> store.add(new byte[] {3}, record(3, T0))).isInstanceOf(StoreFullException.class);
        assertThat(store.keyCount()).isEqualTo(2);
        store.add(new byte[] {2}, record(4, T0)); // held keys still take providers
        assertThat(store.providers(new byte[] {2}, T0)).hasSize(2);
        assertThat(store.providers(new byte[] {3}, T0)).isEmpty();
    }

    @Test
    void limitsAreChecked() {
        assertThatThrownBy(() -> new InMemoryProviderStore(Duration.ofHours(1), Duration.ofHours(2), 1, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new InMemoryProviderStore(Duration.ofHours(1), Duration.ofHours(1), 0, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anIncrementalSweepLooksAtNoMoreKeysPerSliceThanItsBudgetAndKeepsTheLive() {
        // no quota to speak of: eight providers share 250,000 records
        InMemoryProviderStore store = new InMemoryProviderStore(Duration.ofHours(48), Duration.ofHours(24), 20,
                new StoreLimits(300_000, 1L << 30, 300_000, 1L << 30));
        int n = 200_000;
        List<ProviderRecord> old = java.util.stream.IntStream.range(0, 7).mapToObj(p -> record(p, T0)).toList();
        ProviderRecord young = record(100, T0.plus(Duration.ofHours(2)));
        for (int i = 0; i < n; i++) {
            byte[] key = java.nio.ByteBuffer.allocate(4).putInt(i).array();
            store.add(key, old.get(i % 7));
            if (i % 4 == 0) { // a second, younger provider keeps every fourth key alive
                store.add(key, young);
            }
        }
        Instant now = T0.plus(Duration.ofHours(49));
        int slices = 0;
        int removed = 0;
        Sweep s;
        do {
            s = store.removeExpired(now, 4_000);
            assertThat(s.visited()).isLessThanOrEqualTo(4_000);
            removed += s.removed();
            slices++;
        } while (!s.done() && slices < 1_000);
        assertThat(s.done()).isTrue();
        assertThat(slices).isEqualTo(n / 4_000);
        assertThat(removed).isEqualTo(n);
        assertThat(store.keyCount()).isEqualTo(n / 4);
        assertThat(peers(store.providers(new byte[] {0, 0, 0, 4}, now))).containsExactly(peer(100));
        assertThat(store.providers(new byte[] {0, 0, 0, 5}, now)).isEmpty();
    }

    @Test
    void theListenerHearsOfStoresDisplacementsAndExpiry() {
        InMemoryProviderStore store = new InMemoryProviderStore(Duration.ofHours(48), Duration.ofHours(24), 2, 10);
        List<String> heard = new java.util.ArrayList<>();
        store.listener(new ProviderStoreListener() {
            @Override
            public void stored(byte[] key, ProviderRecord record) {
                heard.add("stored " + key[0] + " " + (record.provider().equals(peer(1)) ? 1 : record.provider().equals(peer(2)) ? 2 : 3));
            }

            @Override
            public void removed(byte[] key, PeerId provider) {
                heard.add("removed " + key[0] + " " + (provider.equals(peer(1)) ? 1 : provider.equals(peer(2)) ? 2 : 3));
            }
        });
        store.add(new byte[] {7}, record(1, T0));
        store.add(new byte[] {7}, record(2, T0.plusSeconds(1)));
        store.add(new byte[] {7}, record(3, T0.plusSeconds(2))); // displaces 1, the oldest
        store.add(new byte[] {7}, record(2, T0.plus(Duration.ofHours(10)))); // a refresh
        store.removeExpired(T0.plus(Duration.ofHours(49)), 10);
        assertThat(heard).containsExactly("stored 7 1", "stored 7 2", "removed 7 1", "stored 7 3", "stored 7 2",
                "removed 7 3");
    }

    @Test
    void recordsKeepTheirExactTimesAndSharedAddressesSurviveTheirOtherUses() {
        InMemoryProviderStore store = new InMemoryProviderStore();
        Instant precise = T0.plusNanos(123_456_789);
        store.add(new byte[] {1}, record(1, precise));
        store.add(new byte[] {2}, record(1, precise));
        store.add(new byte[] {1}, record(1, precise.plusSeconds(1))); // a refresh with the same addresses
        store.removeExpired(precise.plus(InMemoryProviderStore.DEFAULT_VALIDITY), 10); // key 2 goes
        List<ProviderRecord> left = store.providers(new byte[] {1}, precise.plusSeconds(2));
        assertThat(left).singleElement().satisfies(r -> {
            assertThat(r.received()).isEqualTo(precise.plusSeconds(1));
            assertThat(r.addresses()).isEqualTo(ADDRS);
        });
    }
}
