package io.jdht.kad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The size estimator on synthetic networks, where the k closest peers to each target are known exactly. */
class NetworkSizeEstimatorTest {
    private static final int K = 20;

    private static Key randomKey(Random random) {
        byte[] bits = new byte[Key.BYTES];
        random.nextBytes(bits);
        return Key.fromBits(bits);
    }

    private static List<Key> closest(List<Key> peers, Key target) {
        return peers.stream().sorted(Comparator.comparing((Key p) -> p.distance(target))).limit(K).toList();
    }

    @Test
    void estimatesTheSizeOfUniformNetworksWithinAFactorOfOnePointFive() {
        Random random = new Random(5);
        for (int n : new int[] {200, 1_000, 5_000}) {
            List<Key> peers = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                peers.add(randomKey(random));
            }
            NetworkSizeEstimator e = new NetworkSizeEstimator(K);
            for (int lookup = 0; lookup < 30; lookup++) {
                Key target = randomKey(random);
                assertThat(e.track(target, closest(peers, target), InMemoryKadNetwork.T0)).isTrue();
            }
            long estimate = e.estimate(InMemoryKadNetwork.T0).orElseThrow();
            assertThat((double) estimate).as("estimate for %d peers", n).isBetween(n / 1.5, n * 1.5);
        }
    }

    @Test
    void givesNoEstimateBeforeEnoughLookupsNorAfterTheyExpire() {
        Random random = new Random(6);
        List<Key> peers = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            peers.add(randomKey(random));
        }
        NetworkSizeEstimator e = new NetworkSizeEstimator(K);
        for (int i = 0; i < NetworkSizeEstimator.MIN_SAMPLES; i++) {
            assertThat(e.estimate(InMemoryKadNetwork.T0)).isEmpty();
            Key target = randomKey(random);
            e.track(target, closest(peers, target), InMemoryKadNetwork.T0);
        }
        assertThat(e.estimate(InMemoryKadNetwork.T0)).isPresent();
        // a lookup that found fewer than k peers says nothing about the k-th distance
        assertThat(e.track(randomKey(random), peers.subList(0, K - 1), InMemoryKadNetwork.T0)).isFalse();
        assertThat(e.sampleCount(InMemoryKadNetwork.T0)).isEqualTo(NetworkSizeEstimator.MIN_SAMPLES);
        // samples older than the window no longer count
        assertThat(e.estimate(InMemoryKadNetwork.T0.plus(NetworkSizeEstimator.MAX_AGE).plus(Duration.ofSeconds(1)))).isEmpty();
    }

    @Test
    void keepsOnlyTheNewestSamples() {
        Random random = new Random(7);
        List<Key> peers = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            peers.add(randomKey(random));
        }
        NetworkSizeEstimator e = new NetworkSizeEstimator(K);
        for (int i = 0; i < NetworkSizeEstimator.MAX_SAMPLES + 10; i++) {
            Key target = randomKey(random);
            e.track(target, closest(peers, target), InMemoryKadNetwork.T0);
        }
        assertThat(e.sampleCount(InMemoryKadNetwork.T0)).isEqualTo(NetworkSizeEstimator.MAX_SAMPLES);
    }

    @Test
    void normedDistanceIsTheXorDistanceAsAFractionOfTheKeySpace() {
        byte[] zero = new byte[Key.BYTES];
        byte[] half = new byte[Key.BYTES];
        half[0] = (byte) 0x80;
        byte[] quarter = new byte[Key.BYTES];
        quarter[0] = 0x40;
        assertThat(NetworkSizeEstimator.normedDistance(Key.fromBits(zero), Key.fromBits(half))).isEqualTo(0.5);
        assertThat(NetworkSizeEstimator.normedDistance(Key.fromBits(half), Key.fromBits(quarter))).isEqualTo(0.75);
        assertThat(NetworkSizeEstimator.normedDistance(Key.fromBits(half), Key.fromBits(half))).isEqualTo(0.0);
    }

    @Test
    void gammaQuantilesMatchKnownValues() {
        // Gamma(1) is the exponential distribution: its p-quantile is -ln(1 - p)
        assertThat(OptimisticThresholds.gammaQuantile(1, 0.1)).isCloseTo(-Math.log(0.9), within(1e-9));
        // Gamma(2): P(2, x) = 1 - e^-x (1 + x); at x = 1 that is 1 - 2/e
        assertThat(OptimisticThresholds.gammaQuantile(2, 1 - 2 / Math.E)).isCloseTo(1.0, within(1e-9));
        // the median of Gamma(a) is close to a - 1/3 for large a
        assertThat(OptimisticThresholds.gammaQuantile(20, 0.5)).isCloseTo(20 - 1 / 3.0, within(0.01));
        OptimisticThresholds t = OptimisticThresholds.of(1_000, K);
        // a peer stored at early is nearer than the k-th closest is expected to be, k / (N + 1)
        assertThat(t.individual()).isLessThan(K / 1_001.0);
        assertThat(t.set()).isGreaterThan((K + 1) / 2.0 / 1_001);
    }
}
