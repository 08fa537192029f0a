package io.jdht.kad;

import io.jdht.crypto.PeerId;
import io.jdht.kad.lookup.LookupConfig;
import io.jdht.kad.record.InMemoryProviderStore;
import io.jdht.kad.record.InMemoryRecordStore;
import io.jdht.kad.record.StoreLimits;
import io.jdht.multiformats.Multihash;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A virtual-clock network for the reprovide tests and the measurement: {@code n} engines whose
 * routing tables start from the whole peer list (as a restored table would), so every lookup
 * finds the true closest peers. Engines 0 and 1 reprovide by sweep and key by key, the rest by
 * sweep (they only answer).
 */
final class SweepNetwork {
    static final int SWEEPER = 0;
    static final int PER_KEY = 1;

    final InMemoryKadNetwork net = new InMemoryKadNetwork();
    final List<PeerId> ids = new ArrayList<>();
    final List<KadEngine> engines = new ArrayList<>();
    final KadConfig config;
    private final Random random;

    /**
     * @param k the replication factor (and bucket size), with α 3 and β 3
     * @param providerLimits large enough for the keys provided: a test with 100,000 keys needs more
     *     than the 10,000 records per peer a node takes by default
     */
    SweepNetwork(int n, int k, long seed, StoreLimits providerLimits) {
        this(n, new LookupConfig(k, 3, 3, Duration.ofSeconds(1), 1), seed, providerLimits);
    }

    SweepNetwork(int n, LookupConfig lookup, long seed, StoreLimits providerLimits) {
        random = new Random(seed);
        config = KadConfig.DEFAULT.withLookup(lookup).withQueryTimeout(Duration.ofSeconds(60));
        for (int i = 0; i < n; i++) {
            KadConfig c = i == PER_KEY ? config.withReprovideStrategy(ReprovideStrategy.PER_KEY) : config;
            PeerId id = TestPeers.randomPeer(random);
            KadEngine e = new KadEngine(id, c, net.viewOf(id), net.clock, new InMemoryRecordStore(),
                    new InMemoryProviderStore(Duration.ofHours(48), Duration.ofHours(24), 20, providerLimits), TestRecords.validator(), new Random(random.nextLong()));
            net.add(e, TestPeers.info(id, i + 1));
            ids.add(id);
            engines.add(e);
        }
        List<PeerInfo> all = ids.stream().map(net.infos::get).toList();
        for (KadEngine e : engines) {
            e.restorePeers(all);
        }
        if (!net.runUntilIdle(100_000_000)) {
            throw new AssertionError("the network did not settle");
        }
    }

    KadEngine e(int i) {
        return engines.get(i);
    }

    /** {@code n} random multihashes. */
    List<byte[]> keys(int n) {
        List<byte[]> out = new ArrayList<>(n);
        byte[] data = new byte[16];
        for (int i = 0; i < n; i++) {
            random.nextBytes(data);
            out.add(Multihash.sha2_256(data).toBytes());
        }
        return out;
    }

    /** Hands the engine the keys as provided just now by an earlier run: none is overdue, none announced yet. */
    void restoreProvided(KadEngine e, List<byte[]> keys) {
        List<RenewalLog.Provided> provided = keys.stream()
                .map(k -> new RenewalLog.Provided(k, net.clock.now())).toList();
        e.restoreRenewals(provided, List.of());
    }

    /** Runs every pending timer; the network must come to rest. */
    void settle() {
        if (!net.runUntilIdle(500_000_000)) {
            throw new AssertionError("the network did not come to rest");
        }
    }
}
