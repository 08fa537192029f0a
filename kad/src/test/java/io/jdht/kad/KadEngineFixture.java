package io.jdht.kad;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdht.crypto.Ed25519PrivateKey;
import io.jdht.crypto.PeerId;
import io.jdht.kad.lookup.LookupConfig;
import io.jdht.kad.record.InMemoryProviderStore;
import io.jdht.kad.record.InMemoryRecordStore;
import io.jdht.kad.record.IpnsRecord;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

/**
 * What the {@code KadEngine*Test} classes on an {@link InMemoryKadNetwork} share: engines with k = 5 on one
 * virtual clock, a network of them that has bootstrapped, every event the listener has seen, and small helpers.
 * A test class extends it so that each test method gets a fresh network (JUnit makes one instance per test).
 */
abstract class KadEngineFixture {
    static final Instant T0 = InMemoryKadNetwork.T0;
    static final int K = 5;
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    final Random random = new Random(2024);
    final InMemoryKadNetwork net = new InMemoryKadNetwork();
    final List<PeerId> ids = new ArrayList<>();
    final List<QueryEvent> events = new ArrayList<>();
    final QueryListener listener = events::add;

    KadConfig config(Duration requestTimeout) {
        return KadConfig.DEFAULT.withLookup(new LookupConfig(K, 3, 3, requestTimeout, 1)).withQueryTimeout(TIMEOUT);
    }

    KadEngine engine(KadConfig config) {
        PeerId id = TestPeers.randomPeer(random);
        KadEngine e = new KadEngine(id, config, net.viewOf(id), net.clock, new InMemoryRecordStore(),
                new InMemoryProviderStore(), TestRecords.validator(), new Random(random.nextLong()));
        net.add(e, TestPeers.info(id, ids.size() + 1));
        ids.add(id);
        return e;
    }

    KadEngine engine() {
        return engine(config(Duration.ofSeconds(1)));
    }

    KadEngine e(int i) {
        return net.engines.get(ids.get(i));
    }

    PeerInfo info(int i) {
        return net.infos.get(ids.get(i));
    }

    /** {@code n} engines; each meets 3 random others, then all bootstrap. */
    void network(int n, KadConfig config) {
        for (int i = 0; i < n; i++) {
            engine(config);
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 3; j++) {
                int other = (i + 1 + random.nextInt(n - 1)) % n;
                e(i).onPeerIdentified(info(other), true);
            }
        }
        assertThat(net.runUntilIdle(1_000_000)).isTrue();
        for (int round = 0; round < 2; round++) {
            List<CompletableFuture<Void>> boots = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                boots.add(e(i).bootstrap());
            }
            for (CompletableFuture<Void> b : boots) {
                net.await(b);
            }
            assertThat(net.runUntilIdle(1_000_000)).isTrue();
        }
        for (int i = 0; i < n; i++) {
            assertThat(e(i).routingTableSize()).as("table of engine %d", i).isGreaterThanOrEqualTo(K);
        }
    }

    void network(int n) {
        network(n, config(Duration.ofSeconds(1)));
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static IpnsRecord ipns(Ed25519PrivateKey key, long sequence) {
        return IpnsRecord.create(key, bytes("/ipfs/bafkqaaa"), sequence, T0.plus(Duration.ofDays(7)),
                Duration.ofMinutes(5), false);
    }

    void runFor(Duration d) {
        Instant end = net.clock.now().plus(d);
        net.clock.schedule(d, () -> {});
        for (int i = 0; i < 1_000_000 && net.clock.now().isBefore(end); i++) {
            assertThat(net.clock.runNext()).isTrue();
        }
    }
}
