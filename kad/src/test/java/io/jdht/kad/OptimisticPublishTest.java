package io.jdht.kad;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdht.crypto.PeerId;
import io.jdht.kad.lookup.LookupConfig;
import io.jdht.kad.record.InMemoryProviderStore;
import io.jdht.kad.record.InMemoryRecordStore;
import io.jdht.kad.wire.KadMessage;
import io.jdht.multiformats.Multihash;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Optimistic provide and put against classic ones, on one network of {@value #N} engines with
 * 10–50 ms per message (virtual time, fixed seeds). Each operation is timed from its call to its
 * completion on the virtual clock; the background stores are then run out before the next one.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OptimisticPublishTest {
    private static final int N = 400;
    private static final int K = 20;
    private static final int ROUNDS = 15;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final KadConfig CONFIG = KadConfig.DEFAULT
            .withLookup(new LookupConfig(K, 10, 3, Duration.ofSeconds(2), 1)).withQueryTimeout(TIMEOUT);

    private final Random random = new Random(2023);
    private final InMemoryKadNetwork net = new InMemoryKadNetwork();
    private final List<PeerId> ids = new ArrayList<>();

    private KadEngine e(int i) {
        return net.engines.get(ids.get(i));
    }

    private KadEngine newEngine() {
        PeerId id = TestPeers.randomPeer(random);
        KadEngine e = new KadEngine(id, CONFIG, net.viewOf(id), net.clock, new InMemoryRecordStore(),
                new InMemoryProviderStore(), TestRecords.validator(), new Random(random.nextLong()));
        net.add(e, TestPeers.info(id, ids.size() + 1));
        ids.add(id);
        return e;
    }

    /** N engines; each meets 3 random others, then all bootstrap twice (which also feeds their estimators). */
    @BeforeAll
    void buildNetwork() {
        net.latency = Duration.ofMillis(10);
        net.jitter = Duration.ofMillis(40);
        net.jitterRandom = new Random(11);
        for (int i = 0; i < N; i++) {
            newEngine();
        }
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < 3; j++) {
                e(i).onPeerIdentified(net.infos.get(ids.get((i + 1 + random.nextInt(N - 1)) % N)), true);
            }
        }
        assertThat(net.runUntilIdle(10_000_000)).isTrue();
        for (int round = 0; round < 2; round++) {
            List<CompletableFuture<Void>> boots = new ArrayList<>();
            for (int i = 0; i < N; i++) {
                boots.add(e(i).bootstrap());
            }
            boots.forEach(f -> net.await(f, 10_000_000));
            assertThat(net.runUntilIdle(10_000_000)).isTrue();
        }
    }

    private static byte[] multihash(String s) {
        return Multihash.sha2_256(s.getBytes(StandardCharsets.UTF_8)).toBytes();
    }

    /** Runs one operation to completion; returns its result and the virtual time it took. */
    private <T> Timed<T> timed(Supplier<CompletableFuture<T>> op) {
        Instant start = net.clock.now();
        T value = net.await(op.get());
        Duration took = Duration.between(start, net.clock.now());
        assertThat(net.runUntilIdle(1_000_000)).isTrue(); // the stores left to the background
        return new Timed<>(value, took);
    }

    private record Timed<T>(T value, Duration took) {}

    private static Duration median(List<Duration> times) {
        List<Duration> sorted = new ArrayList<>(times);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    /** How many engines hold {@code provider} as a provider of the key. */
    private int holders(byte[] multihash, PeerId provider) {
        int n = 0;
        for (KadEngine other : net.engines.values()) {
            if (!other.self().equals(provider) && other.providers().providers(multihash, net.clock.now()).stream()
                    .anyMatch(r -> r.provider().equals(provider))) {
                n++;
            }
        }
        return n;
    }

    /** How many of the true k closest peers to the key hold {@code provider} as its provider. */
    private int trueClosestHolding(byte[] multihash, PeerId provider) {
        int n = 0;
        for (PeerId p : TestPeers.trueClosest(ids.stream().filter(p -> !p.equals(provider)).toList(), Key.of(multihash), K)) {
            n += net.engines.get(p).providers().providers(multihash, net.clock.now()).isEmpty() ? 0 : 1;
        }
        return n;
    }

    @Test
    void theEstimateOfEachNodeIsWithinAFactorOfTwoOfTheTrueSize() {
        List<Long> estimates = new ArrayList<>();
        for (int i = 0; i < N; i += 40) {
            estimates.add(e(i).networkSizeEstimate().orElseThrow());
        }
        System.out.println("network size estimates of 10 nodes (true size " + N + "): " + estimates);
        assertThat(estimates).allSatisfy(n -> assertThat((double) n).isBetween(N / 2.0, N * 2.0));
    }

    @Test
    void optimisticProvideReturnsSoonerThanClassicAndItsProvidersAreFound() {
        KadEngine publisher = e(7);
        assertThat(publisher.networkSizeEstimate()).isPresent();
        List<Duration> classic = new ArrayList<>();
        List<Duration> optimistic = new ArrayList<>();
        int reported = 0;
        int amongTrueClosest = 0;
        int classicAmongTrueClosest = 0;
        for (int round = 0; round < ROUNDS; round++) { // alternate, so both see the same network
            byte[] c = multihash("classic-" + round);
            Timed<Integer> tc = timed(() -> publisher.provide(c, TIMEOUT, PublishStrategy.CLASSIC, QueryListener.NONE));
            classic.add(tc.took());
            assertThat(tc.value()).isEqualTo(K);
            classicAmongTrueClosest += trueClosestHolding(c, publisher.self());

            byte[] o = multihash("optimistic-" + round);
            Timed<Integer> to = timed(() -> publisher.provide(o, TIMEOUT, PublishStrategy.OPTIMISTIC, QueryListener.NONE));
            optimistic.add(to.took());
            // honest: never more than the peers that hold it, even once the background stores are done
            assertThat(to.value()).isPositive().isLessThanOrEqualTo(holders(o, publisher.self()));
            reported += to.value();
            amongTrueClosest += trueClosestHolding(o, publisher.self());
            for (int seeker : new int[] {100 + round, 200 + round, 300 + round}) {
                List<PeerInfo> found = net.await(e(seeker).findProviders(o, 1, TIMEOUT, QueryListener.NONE));
                assertThat(found).extracting(PeerInfo::id).containsExactly(publisher.self());
            }
        }
        System.out.printf("provide, virtual time p50: classic %d ms, optimistic %d ms (%d rounds, %d nodes); optimistic:"
                + " %.1f peers counted at return; of the true %d closest, %.1f hold it in the end (classic: %.1f)%n",
                median(classic).toMillis(), median(optimistic).toMillis(), ROUNDS, N, reported / (double) ROUNDS, K,
                amongTrueClosest / (double) ROUNDS, classicAmongTrueClosest / (double) ROUNDS);
        assertThat(median(optimistic)).isLessThan(median(classic));
        // the walk ends early, yet the peers stored at are mostly the true closest: 15 of 20 on average at least
        assertThat(amongTrueClosest).isGreaterThanOrEqualTo(ROUNDS * K * 3 / 4);
    }

    @Test
    void optimisticPutReturnsSoonerThanClassicAndTheRecordIsFound() {
        KadEngine publisher = e(13);
        List<Duration> classic = new ArrayList<>();
        List<Duration> optimistic = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            byte[] c = ("/v/classic-" + round).getBytes(StandardCharsets.UTF_8);
            Timed<Integer> tc = timed(() -> publisher.putValue(c, new byte[] {1}, TIMEOUT, PublishStrategy.CLASSIC,
                    QueryListener.NONE));
            classic.add(tc.took());
            assertThat(tc.value()).isEqualTo(K);

            byte[] o = ("/v/optimistic-" + round).getBytes(StandardCharsets.UTF_8);
            byte[] value = ByteBuffer.allocate(4).putInt(round).array();
            Timed<Integer> to = timed(() -> publisher.putValue(o, value, TIMEOUT, PublishStrategy.OPTIMISTIC,
                    QueryListener.NONE));
            optimistic.add(to.took());
            int holders = (int) net.engines.values().stream()
                    .filter(x -> x != publisher && x.records().get(o, net.clock.now()).isPresent()).count();
            assertThat(to.value()).isPositive().isLessThanOrEqualTo(holders);
            byte[] got = net.await(e(150 + round).getValue(o, TIMEOUT, 1, QueryListener.NONE));
            assertThat(got).isEqualTo(value);
        }
        System.out.printf("put, virtual time p50: classic %d ms, optimistic %d ms (%d rounds, %d nodes)%n",
                median(classic).toMillis(), median(optimistic).toMillis(), ROUNDS, N);
        assertThat(median(optimistic)).isLessThan(median(classic));
    }

    @Test
    void withoutAnEstimateOptimisticFallsBackToClassic() {
        KadEngine newcomer = newEngine(); // has completed no lookup yet
        newcomer.onPeerIdentified(net.infos.get(ids.get(0)), true);
        assertThat(net.runUntilIdle(1_000_000)).isTrue();
        assertThat(newcomer.networkSizeEstimate()).isEmpty();

        byte[] key = multihash("newcomer");
        int sentBefore = net.sent.size();
        int count = net.await(newcomer.provide(key, TIMEOUT, PublishStrategy.OPTIMISTIC, QueryListener.NONE));
        // the classic way: the whole lookup first, then the k closest, every one awaited
        assertThat(count).isEqualTo(K);
        Set<PeerId> announcedTo = new HashSet<>();
        for (InMemoryKadNetwork.Sent s : net.sent.subList(sentBefore, net.sent.size())) {
            if (s.from().equals(newcomer.self()) && s.message().type() == KadMessage.MessageType.ADD_PROVIDER) {
                announcedTo.add(s.to());
            }
        }
        List<PeerId> others = ids.stream().filter(p -> !p.equals(newcomer.self())).toList();
        assertThat(announcedTo).containsExactlyInAnyOrderElementsOf(TestPeers.trueClosest(others, Key.of(key), K));

        byte[] record = "/v/newcomer".getBytes(StandardCharsets.UTF_8);
        assertThat(newcomer.networkSizeEstimate()).isEmpty(); // the provide's lookup is one sample of the five needed
        assertThat(net.await(newcomer.putValue(record, new byte[] {9}, TIMEOUT, PublishStrategy.OPTIMISTIC,
                QueryListener.NONE))).isEqualTo(K);
    }
}
