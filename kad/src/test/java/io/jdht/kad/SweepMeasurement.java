package io.jdht.kad;

import io.jdht.crypto.PeerId;
import io.jdht.kad.lookup.LookupConfig;
import io.jdht.kad.record.ProviderRecord;
import io.jdht.kad.record.StoreLimits;
import io.jdht.kad.wire.KadMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Lookups and messages of one reprovide of many keys by one node, sweep beside one-per-key, in
 * the same virtual network and the same run: too slow for the test suite (the one-per-key side
 * runs 100,000 lookups), so it is run by hand. Arguments: nodes (500), keys (100000), seed (1).
 * The lookups use the Amino defaults (k 20, α 10, β 3).
 */
public final class SweepMeasurement {
    private SweepMeasurement() {}

    public static void main(String[] args) {
        int nodes = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        int keyCount = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 1;
        StoreLimits roomy = new StoreLimits(10_000_000, 1L << 40, 10_000_000, 1L << 40);
        long t0 = System.nanoTime();
        SweepNetwork s = new SweepNetwork(nodes, LookupConfig.DEFAULT, seed, roomy);
        s.net.keepSent = false;
        s.net.sent.clear();
        System.out.printf("network: %d nodes, k %d, alpha %d, built in %.1f s%n", nodes, s.config.k(),
                s.config.lookup().alpha(), (System.nanoTime() - t0) / 1e9);
        List<byte[]> keys = s.keys(keyCount);
        s.restoreProvided(s.e(SweepNetwork.SWEEPER), keys);
        s.restoreProvided(s.e(SweepNetwork.PER_KEY), keys);
        System.out.printf("region length (bits) the sweeper picks from its routing table: %d%n",
                s.e(SweepNetwork.SWEEPER).sweeper.regionLength());
        run(s, SweepNetwork.SWEEPER, "sweep", keys);
        run(s, SweepNetwork.PER_KEY, "one-per-key", keys);
    }

    private static void run(SweepNetwork s, int index, String name, List<byte[]> keys) {
        KadEngine e = s.e(index);
        PeerId self = e.self();
        long findNode = s.net.sentBy(self, KadMessage.MessageType.FIND_NODE);
        long all = s.net.sentBy(self);
        long adds = s.net.sentBy(self, KadMessage.MessageType.ADD_PROVIDER);
        Instant virtualStart = s.net.clock.now();
        long t0 = System.nanoTime();
        e.reprovideAllNow();
        s.settle();
        double wall = (System.nanoTime() - t0) / 1e9;
        long lookups = index == SweepNetwork.SWEEPER ? e.sweeper.lookups() : keys.size();
        System.out.printf("%-12s keys %d: lookups %d, FIND_NODE requests %d, ADD_PROVIDER %d, all messages %d;"
                + " virtual time %s, wall %.1f s, closest holding (sample of 1000 keys) %.4f%n",
                name, keys.size(), lookups, s.net.sentBy(self, KadMessage.MessageType.FIND_NODE) - findNode,
                s.net.sentBy(self, KadMessage.MessageType.ADD_PROVIDER) - adds, s.net.sentBy(self) - all,
                Duration.between(virtualStart, s.net.clock.now()), wall, held(s, self, keys.subList(0, 1000)));
    }

    /** The share of the true k closest peers of each key that hold {@code provider} as its provider. */
    private static double held(SweepNetwork s, PeerId provider, List<byte[]> keys) {
        List<PeerId> others = s.ids.stream().filter(id -> !id.equals(provider)).toList();
        int k = s.config.k();
        long held = 0;
        for (byte[] key : keys) {
            for (PeerId p : TestPeers.trueClosest(others, Key.of(key), k)) {
                List<ProviderRecord> r = s.net.engines.get(p).providers().providers(key, s.net.clock.now());
                if (r.stream().anyMatch(x -> x.provider().equals(provider))) {
                    held++;
                }
            }
        }
        return held / (double) (keys.size() * k);
    }
}
