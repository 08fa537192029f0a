package io.jdht.kad.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdht.crypto.PeerId;
import io.jdht.multiformats.Multiaddr;
import io.jdht.multiformats.Multihash;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The provider store's byte cap and per-provider quotas. */
class ProviderStoreLimitsTest {
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    private static final List<Multiaddr> ADDRS = List.of(Multiaddr.parse("/ip4/192.0.2.1/tcp/4001"));

    private static PeerId peer(int n) {
        return new PeerId(Multihash.sha2_256(ByteBuffer.allocate(4).putInt(n).array()));
    }

    private static byte[] key(int n) {
        return Multihash.sha2_256(ByteBuffer.allocate(8).putLong(n).array()).toBytes();
    }

    private static InMemoryProviderStore store(StoreLimits limits) {
        return new InMemoryProviderStore(Duration.ofHours(48), Duration.ofHours(24), 20, limits);
    }

    private static List<PeerId> providersOf(InMemoryProviderStore store, int key, Instant now) {
        return store.providers(key(key), now).stream().map(ProviderRecord::provider).toList();
    }

    @Test
    void keysAProviderChurnsThroughDoNotStayInMemory() {
        InMemoryProviderStore store = new InMemoryProviderStore(); // 10,000 records per provider
        for (int i = 0; i < 40_000; i++) {
            store.add(key(i), new ProviderRecord(peer(1), ADDRS, T0.plusMillis(i)));
        }
        assertThat(store.keyCount()).isEqualTo(10_000);
        assertThat(store.rotationLength()).isLessThanOrEqualTo(2 * 10_000 + 1024 + 1);
    }

    @Test
    void aProviderFloodingNewKeysKeepsOnlyItsNewestQuotaAndOthersStillGetIn() {
        InMemoryProviderStore store = new InMemoryProviderStore(); // 100,000 keys, 10,000 per provider
        int flood = 101_000;
        for (int i = 0; i < flood; i++) {
            store.add(key(i), new ProviderRecord(peer(1), ADDRS, T0.plusMillis(i)));
        }
        int quota = StoreLimits.PROVIDERS.maxEntriesPerPeer();
        assertThat(store.countOf(peer(1))).isEqualTo(quota);
        assertThat(store.keyCount()).isEqualTo(quota);
        Instant now = T0.plusMillis(flood);
        assertThat(providersOf(store, 0, now)).isEmpty();
        assertThat(providersOf(store, flood - quota - 1, now)).isEmpty();
        assertThat(providersOf(store, flood - quota, now)).containsExactly(peer(1));
        assertThat(providersOf(store, flood - 1, now)).containsExactly(peer(1));

        store.add(key(-1), new ProviderRecord(peer(2), ADDRS, now));
        assertThat(providersOf(store, -1, now)).containsExactly(peer(2));
        assertThat(store.countOf(peer(2))).isEqualTo(1);
    }

    @Test
    void aProviderOverItsQuotaLosesItsOwnOldestNotWhatItRefreshes() {
        InMemoryProviderStore store = store(StoreLimits.PROVIDERS.withPerPeer(3, 1L << 20));
        List<String> heard = new ArrayList<>();
        store.listener(new ProviderStoreListener() {
            @Override
            public void stored(byte[] key, ProviderRecord record) {}

            @Override
            public void removed(byte[] key, PeerId provider) {
                heard.add(provider.equals(peer(1)) ? "removed " + keyIndex(key) : "other");
            }
        });
        store.add(key(1), new ProviderRecord(peer(1), ADDRS, T0));
        store.add(key(2), new ProviderRecord(peer(1), ADDRS, T0.plusSeconds(1)));
        store.add(key(3), new ProviderRecord(peer(1), ADDRS, T0.plusSeconds(2)));
        store.add(key(1), new ProviderRecord(peer(1), ADDRS, T0.plusSeconds(3))); // its oldest, refreshed
        assertThat(store.countOf(peer(1))).isEqualTo(3);
        assertThat(heard).isEmpty();
        store.add(key(4), new ProviderRecord(peer(1), ADDRS, T0.plusSeconds(4))); // key 2 is now the oldest
        assertThat(heard).containsExactly("removed 2");
        Instant now = T0.plusSeconds(5);
        assertThat(providersOf(store, 2, now)).isEmpty();
        assertThat(providersOf(store, 1, now)).containsExactly(peer(1));
        assertThat(store.keyCount()).isEqualTo(3);
    }

    private static int keyIndex(byte[] key) {
        for (int i = 0; i < 10; i++) {
            if (java.util.Arrays.equals(key, key(i))) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void aProviderAnnouncingEverFreshAddressesSpendsItsByteQuota() {
        long quota = 4_000;
        InMemoryProviderStore store = store(StoreLimits.PROVIDERS.withPerPeer(10_000, quota));
        for (int i = 0; i < 200; i++) { // a distinct address set each time: nothing to share
            List<Multiaddr> addrs = List.of(Multiaddr.parse("/ip4/192.0.2." + (i % 250) + "/tcp/" + (1000 + i)));
            store.add(key(i), new ProviderRecord(peer(1), addrs, T0.plusSeconds(i)));
        }
        assertThat(store.bytes()).isLessThanOrEqualTo(quota);
        assertThat(store.countOf(peer(1))).isBetween(1, 199);
        assertThat(providersOf(store, 199, T0.plusSeconds(200))).containsExactly(peer(1));
        assertThat(providersOf(store, 0, T0.plusSeconds(200))).isEmpty();
    }

    @Test
    void theByteCapRefusesNewRecordsAndKeepsWhatItHolds() {
        long cap = 10_000;
        InMemoryProviderStore store = store(StoreLimits.PROVIDERS.withMaxBytes(cap));
        int stored = 0;
        int refused = 0;
        for (int i = 0; i < 200; i++) { // each from its own provider: no quota is reached
            try {
                store.add(key(i), new ProviderRecord(peer(i), ADDRS, T0));
                stored++;
            } catch (StoreFullException e) {
                refused++;
            }
        }
        assertThat(store.bytes()).isLessThanOrEqualTo(cap);
        assertThat(stored).isPositive();
        assertThat(refused).isPositive();
        assertThat(store.keyCount()).isEqualTo(stored);
        assertThat(providersOf(store, 0, T0)).containsExactly(peer(0));
        store.add(key(0), new ProviderRecord(peer(0), ADDRS, T0.plusSeconds(1))); // a refresh costs nothing more
        assertThat(store.removeExpired(T0.plus(Duration.ofHours(48)))).isEqualTo(stored - 1);
        assertThat(store.removeExpired(T0.plus(Duration.ofHours(49)))).isEqualTo(1);
        assertThat(store.bytes()).isZero();
    }

    @Test
    void aRecordLargerThanAProvidersQuotaIsRefused() {
        InMemoryProviderStore store = store(StoreLimits.PROVIDERS.withPerPeer(100, 300));
        List<Multiaddr> many = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            many.add(Multiaddr.parse("/ip4/192.0.2." + i + "/tcp/4001"));
        }
        assertThatThrownBy(() -> store.add(key(1), new ProviderRecord(peer(1), many, T0)))
                .isInstanceOf(StoreFullException.class)
                .hasMessageContaining("more than one peer may store");
        assertThat(store.keyCount()).isZero();
    }

    @Test
    void theNodesOwnRecordsAreHeldToTheTotalsOnly() {
        InMemoryProviderStore store = store(StoreLimits.PROVIDERS.withPerPeer(2, 1L << 20));
        store.owner(peer(9));
        for (int i = 0; i < 5; i++) {
            store.add(key(i), new ProviderRecord(peer(9), ADDRS, T0.plusSeconds(i)));
        }
        assertThat(store.keyCount()).isEqualTo(5);
        assertThat(store.countOf(peer(9))).isZero();
        assertThat(providersOf(store, 0, T0.plusSeconds(5))).containsExactly(peer(9));
    }

    @Test
    void refreshingOneKeyOverAndOverKeepsTheProvidersOrderSmall() {
        InMemoryProviderStore store = store(StoreLimits.PROVIDERS.withPerPeer(2, 1L << 20));
        store.add(key(1), new ProviderRecord(peer(1), ADDRS, T0));
        for (int i = 0; i < 100_000; i++) {
            store.add(key(2), new ProviderRecord(peer(1), ADDRS, T0.plusNanos(i + 1)));
        }
        assertThat(store.orderLength(peer(1))).isLessThanOrEqualTo(2 * 2 + 16 + 1);
        for (int i = 0; i < 2_000; i++) { // a flood within one tick of the clock: every refresh at the same time
            store.add(key(2), new ProviderRecord(peer(1), ADDRS, T0.plusNanos(100_000)));
        }
        assertThat(store.orderLength(peer(1))).isLessThanOrEqualTo(2 * 2 + 16 + 1);
        // the quota still drops the right record: key 1, the oldest
        store.add(key(3), new ProviderRecord(peer(1), ADDRS, T0.plusSeconds(1)));
        assertThat(providersOf(store, 1, T0.plusSeconds(2))).isEmpty();
        assertThat(providersOf(store, 2, T0.plusSeconds(2))).containsExactly(peer(1));
        assertThat(store.countOf(peer(1))).isEqualTo(2);
    }

    @Test
    void aFullStoreTakesRoomFromProvidersHoldingMoreThanTheWriterWill() {
        // ten identities fill the store, each within its quota (fresh peer ids cost nothing)
        InMemoryProviderStore store = store(StoreLimits.PROVIDERS.withMaxEntries(50).withPerPeer(5, 1 << 20));
        for (int p = 0; p < 10; p++) {
            for (int i = 0; i < 5; i++) {
                store.add(key(1000 + p * 10 + i), new ProviderRecord(peer(p), ADDRS, T0.plusSeconds(i)));
            }
        }
        assertThat(store.keyCount()).isEqualTo(50);
        // a provider holding nothing gets in, and keeps getting in while others hold more than it will
        for (int i = 0; i < 4; i++) {
            store.add(key(2000 + i), new ProviderRecord(peer(77), ADDRS, T0.plusSeconds(10 + i)));
        }
        for (int i = 0; i < 4; i++) {
            assertThat(providersOf(store, 2000 + i, T0.plusSeconds(20))).containsExactly(peer(77));
        }
        assertThat(store.keyCount()).isEqualTo(50);
        // holding as much as the largest, it is refused as the others are
        assertThatThrownBy(() -> store.add(key(2004), new ProviderRecord(peer(77), ADDRS, T0.plusSeconds(14))))
                .isInstanceOf(StoreFullException.class).hasMessage("provider store is full (50 keys)");
        assertThat(store.keyCount()).isEqualTo(50);
    }
}
