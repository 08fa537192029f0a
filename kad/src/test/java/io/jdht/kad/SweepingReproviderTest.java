package io.jdht.kad;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdht.crypto.PeerId;
import io.jdht.kad.record.ProviderRecord;
import io.jdht.kad.record.StoreLimits;
import io.jdht.kad.wire.KadMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The sweeping reprovider on a virtual network of 300 engines (k = 10, fixed seeds). */
class SweepingReproviderTest {
    private static final int NODES = 300;
    private static final int K = 10;
    private static final StoreLimits ROOMY = new StoreLimits(1_000_000, 1L << 30, 1_000_000, 1L << 30);
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** Among the true k closest peers of each key, those that hold {@code provider} as its provider. */
    private static int[] heldByClosest(SweepNetwork s, PeerId provider, List<byte[]> keys) {
        List<PeerId> others = s.ids.stream().filter(id -> !id.equals(provider)).toList();
        int[] held = new int[keys.size()];
        Instant now = s.net.clock.now();
        for (int i = 0; i < keys.size(); i++) {
            for (PeerId p : TestPeers.trueClosest(others, Key.of(keys.get(i)), K)) {
                List<ProviderRecord> records = s.net.engines.get(p).providers().providers(keys.get(i), now);
                if (records.stream().anyMatch(r -> r.provider().equals(provider))) {
                    held[i]++;
                }
            }
        }
        return held;
    }

    @Test
    void aSweepAnnouncesEveryKeyToItsClosestPeersWithFarFewerLookups() {
        SweepNetwork s = new SweepNetwork(NODES, K, 11, ROOMY);
        List<byte[]> keys = s.keys(600);
        PeerId sweeper = s.ids.get(SweepNetwork.SWEEPER);
        PeerId perKey = s.ids.get(SweepNetwork.PER_KEY);
        s.restoreProvided(s.e(SweepNetwork.SWEEPER), keys);
        s.restoreProvided(s.e(SweepNetwork.PER_KEY), keys);

        // the FIND_NODE requests so far are the checks of the restored routing tables
        long sweepFindNode = -s.net.sentBy(sweeper, KadMessage.MessageType.FIND_NODE);
        long perKeyFindNode = -s.net.sentBy(perKey, KadMessage.MessageType.FIND_NODE);
        s.e(SweepNetwork.SWEEPER).reprovideAllNow();
        s.settle();
        s.e(SweepNetwork.PER_KEY).reprovideAllNow();
        s.settle();

        int[] held = heldByClosest(s, sweeper, keys);
        int total = 0;
        for (int h : held) {
            assertThat(h).as("closest peers holding a key").isGreaterThanOrEqualTo(K - 1);
            total += h;
        }
        assertThat(total).isGreaterThanOrEqualTo(keys.size() * K * 99 / 100);
        // the per-key reprovide, run alongside, reaches the same peers
        int perKeyTotal = 0;
        for (int h : heldByClosest(s, perKey, keys)) {
            perKeyTotal += h;
        }
        assertThat(total).isGreaterThanOrEqualTo(perKeyTotal * 99 / 100);

        sweepFindNode += s.net.sentBy(sweeper, KadMessage.MessageType.FIND_NODE);
        perKeyFindNode += s.net.sentBy(perKey, KadMessage.MessageType.FIND_NODE);
        assertThat(s.e(SweepNetwork.SWEEPER).sweeper.lookups()).isLessThan(keys.size() / 10);
        assertThat(sweepFindNode * 10).as("FIND_NODE requests, sweep vs one per key").isLessThan(perKeyFindNode);
        long sweepAdds = s.net.sentBy(sweeper, KadMessage.MessageType.ADD_PROVIDER);
        assertThat(sweepAdds).isEqualTo((long) keys.size() * K);

        // and any other node finds the sweeper as a provider of what it announced
        KadEngine asker = s.e(NODES - 1);
        for (byte[] key : keys.subList(0, 20)) {
            List<PeerInfo> found = s.net.await(asker.findProviders(key, 2, TIMEOUT, QueryListener.NONE));
            assertThat(found).extracting(PeerInfo::id).contains(sweeper);
        }
    }

    @Test
    void regionsAreSpreadOverTheIntervalAndNewKeysAreProvidedAtOnce() {
        SweepNetwork s = new SweepNetwork(NODES, K, 12, ROOMY);
        KadEngine e = s.e(SweepNetwork.SWEEPER);
        PeerId self = e.self();
        List<byte[]> keys = s.keys(2_000);
        s.restoreProvided(e, keys);
        Duration interval = s.config.reprovideInterval();
        e.startMaintenance();

        // announcements per hour over one interval
        int hours = (int) interval.toHours();
        List<Long> perHour = new ArrayList<>();
        long before = s.net.sentBy(self, KadMessage.MessageType.ADD_PROVIDER);
        for (int h = 0; h < hours; h++) {
            runFor(s, Duration.ofHours(1));
            long now = s.net.sentBy(self, KadMessage.MessageType.ADD_PROVIDER);
            perHour.add(now - before);
            before = now;
        }
        long total = perHour.stream().mapToLong(Long::longValue).sum();
        assertThat(total).as("each key once, to k peers").isEqualTo((long) keys.size() * K);
        long busiest = perHour.stream().mapToLong(Long::longValue).max().orElseThrow();
        assertThat(busiest * 5).as("busiest hour of %s", perHour).isLessThan(total);
        for (int q = 0; q < 4; q++) {
            long quarter = perHour.subList(q * hours / 4, (q + 1) * hours / 4).stream().mapToLong(Long::longValue).sum();
            assertThat(quarter * 10).as("quarter %d of %s", q, perHour).isGreaterThan(total);
        }
        int[] held = heldByClosest(s, self, keys);
        assertThat(java.util.Arrays.stream(held).sum()).isGreaterThanOrEqualTo(keys.size() * K * 99 / 100);

        // a key provided now is announced now, by its own lookup, as before
        byte[] fresh = s.keys(1).get(0);
        assertThat(s.net.await(e.provide(fresh, TIMEOUT, QueryListener.NONE))).isGreaterThanOrEqualTo(K - 1);
        e.stopMaintenance();
        s.settle();
    }

    @Test
    void aRegionWithFewKeysIsReprovidedKeyByKey() {
        SweepNetwork s = new SweepNetwork(60, K, 13, ROOMY);
        KadEngine e = s.e(SweepNetwork.SWEEPER);
        List<byte[]> keys = s.keys(1);
        s.restoreProvided(e, keys);
        e.reprovideAllNow();
        s.settle();
        assertThat(e.sweeper.lookups()).isEqualTo(1);
        assertThat(heldByClosest(s, e.self(), keys)[0]).isGreaterThanOrEqualTo(K - 1);
    }

    private static void runFor(SweepNetwork s, Duration d) {
        Instant end = s.net.clock.now().plus(d);
        s.net.clock.schedule(d, () -> {});
        for (int i = 0; i < 50_000_000 && s.net.clock.now().isBefore(end); i++) {
            assertThat(s.net.clock.runNext()).isTrue();
        }
    }
}
