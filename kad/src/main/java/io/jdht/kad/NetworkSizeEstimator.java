package io.jdht.kad;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;

/**
 * Estimates how many peers the DHT holds from the k closest peers that this node's own completed
 * lookups found (the approach of go-libp2p-kad-dht's {@code netsize} package, after Trautwein et
 * al., 2023). Pure: no I/O, time only as arguments.
 *
 * <p><b>Why it works.</b> Peer keys are SHA-256 hashes, so N peers lie uniformly in the key space.
 * Seen from a random target, their XOR distances divided by 2^256 are N uniform values in [0, 1),
 * and the i-th smallest of N uniform values has expectation i / (N + 1). A lookup that completed
 * found the k closest peers, so its i-th distance is one observation of that i-th order statistic.
 *
 * <p><b>The fit.</b> Over the samples kept, the mean distance {@code m_i} of each rank i = 1..k is
 * taken, and the line {@code m_i = s * i} through the origin is fitted by weighted least squares.
 * The variance of the i-th order statistic is about i / N^2, growing with i, so each rank is
 * weighted by 1 / i (inverse variance); the fitted slope is then {@code s = sum(m_i) / sum(i)} and
 * the estimate {@code N = 1/s - 1}. (go weights each rank by its sample standard deviation
 * instead; both are consistent, this one needs no per-rank variance from few samples. go also
 * weights each lookup down when the routing table's bucket for its target is not full; here every
 * tracked lookup counts alike, since only lookups that completed, their closest peers having
 * answered, are tracked.)
 *
 * <p><b>Which samples.</b> No estimate until {@link #MIN_SAMPLES} lookups were tracked (too few
 * and one unlucky target skews it); at most {@link #MAX_SAMPLES} are kept, the newest; and a
 * sample older than {@link #MAX_AGE} is dropped, so the estimate follows a network that grows or
 * shrinks. go uses the same three numbers (5, 150, 2 hours).
 */
public final class NetworkSizeEstimator {
    /** Lookups tracked before an estimate is given. */
    public static final int MIN_SAMPLES = 5;
    /** Lookups kept at most, the newest. */
    public static final int MAX_SAMPLES = 150;
    /** How long one lookup's distances count. */
    public static final Duration MAX_AGE = Duration.ofHours(2);

    private record Sample(double[] distances, Instant at) {}

    private final int k;
    /** Oldest first. */
    private final ArrayDeque<Sample> samples = new ArrayDeque<>();

    /** @param k how many closest peers a lookup yields (the bucket size) */
    public NetworkSizeEstimator(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1, not " + k);
        }
        this.k = k;
    }

    /**
     * Takes the closest peers a completed lookup for {@code target} found. Ignored (false) unless
     * there are at least k of them: a lookup that found fewer says the network is small, not how
     * far its k-th peer is; only the k closest are used.
     */
    public boolean track(Key target, List<Key> closest, Instant now) {
        if (closest.size() < k) {
            return false;
        }
        double[] d = new double[closest.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = normedDistance(target, closest.get(i));
        }
        Arrays.sort(d); // the caller's order is not trusted: rank i must be the i-th closest
        samples.addLast(new Sample(Arrays.copyOf(d, k), now));
        while (samples.size() > MAX_SAMPLES) {
            samples.removeFirst();
        }
        expire(now);
        return true;
    }

    /** The estimated number of peers in the network, or empty while fewer than {@link #MIN_SAMPLES} recent lookups were tracked. */
    public OptionalLong estimate(Instant now) {
        expire(now);
        if (samples.size() < MIN_SAMPLES) {
            return OptionalLong.empty();
        }
        double sumMeans = 0;
        for (Sample s : samples) {
            for (double d : s.distances()) {
                sumMeans += d;
            }
        }
        sumMeans /= samples.size(); // = sum over ranks of the mean distance at that rank
        double slope = sumMeans / (k * (k + 1) / 2.0);
        if (!(slope > 0)) {
            return OptionalLong.empty(); // all distances zero: nothing to say
        }
        return OptionalLong.of(Math.max(1, Math.round(1 / slope - 1)));
    }

    /** How many tracked lookups count at {@code now}. */
    public int sampleCount(Instant now) {
        expire(now);
        return samples.size();
    }

    /** The XOR distance of two keys as a fraction of the key space, in [0, 1). */
    public static double normedDistance(Key a, Key b) {
        byte[] d = a.distance(b).bytes();
        long top = 0;
        for (int i = 0; i < 8; i++) {
            top = (top << 8) | (d[i] & 0xff);
        }
        // the top 64 bits hold more precision than a double keeps; the rest cannot change the value
        double unsigned = (top >>> 1) * 2.0 + (top & 1);
        return unsigned / 0x1p64;
    }

    private void expire(Instant now) {
        Instant oldest = now.minus(MAX_AGE);
        while (!samples.isEmpty() && samples.peekFirst().at().isBefore(oldest)) {
            samples.removeFirst();
        }
    }
}
