package io.jdht.sim;

import java.util.random.RandomGenerator;

/**
 * Round-trip times between simulated nodes. Each node is placed in a world region with the
 * weight IPFS DHT servers have there, and gets a last-mile delay of its own; the round trip
 * between two nodes is the median round trip between their regions, plus both last miles, times
 * a per-pair factor within ±10 % (paths differ). Nothing is stored per pair: the factor is a hash
 * of the two indexes, so 100,000 nodes cost no more than 100.
 *
 * <p>Sources, coarse on purpose: region shares follow the geography of DHT servers reported by
 * Trautwein et al. (SIGCOMM 2022: most peers in North America, Europe and East Asia, a few
 * percent elsewhere); region-to-region round trips are rounded medians of public cloud
 * inter-region pings (AWS regions as published by cloudping-style dashboards: US–EU ≈ 90–100 ms,
 * US–East Asia ≈ 150–170 ms, EU–East Asia ≈ 200–240 ms); the last mile is log-normal with a median
 * of 8 ms each way, for home and office links. With these the median round trip between two random
 * nodes is about 150 ms, in the 60–250 ms band the IPFS measurements quote.
 */
final class LatencyModel {
    /** North America, Europe, East Asia, South America, Oceania, Africa and the Middle East. */
    static final String[] REGIONS = {"na", "eu", "as", "sa", "oc", "af"};
    private static final double[] SHARE = {0.32, 0.30, 0.30, 0.03, 0.02, 0.03};
    /** Median round trips between regions, in milliseconds. */
    private static final int[][] RTT_MS = {
        //  na   eu   as   sa   oc   af
        {40, 95, 160, 140, 170, 220}, // na
        {95, 25, 220, 200, 280, 150}, // eu
        {160, 220, 50, 300, 130, 280}, // as
        {140, 200, 300, 40, 310, 320}, // sa
        {170, 280, 130, 310, 20, 380}, // oc
        {220, 150, 280, 320, 380, 60}, // af
    };

    private final byte[] region;
    /** Each node's last-mile delay, one way, in microseconds. */
    private final int[] lastMileMicros;

    LatencyModel(int nodes, RandomGenerator random) {
        region = new byte[nodes];
        lastMileMicros = new int[nodes];
        for (int i = 0; i < nodes; i++) {
            double r = random.nextDouble();
            int g = 0;
            for (double acc = SHARE[0]; r > acc && g < SHARE.length - 1; acc += SHARE[++g]) {
                // walk the cumulative shares
            }
            region[i] = (byte) g;
            double lastMileMs = Math.exp(Math.log(8) + 0.6 * random.nextGaussian());
            lastMileMicros[i] = (int) Math.min(200_000, lastMileMs * 1000);
        }
    }

    /** The round trip between nodes {@code a} and {@code b}, in microseconds. */
    long rttMicros(int a, int b) {
        long base = RTT_MS[region[a]][region[b]] * 1000L + 2L * (lastMileMicros[a] + lastMileMicros[b]);
        int lo = Math.min(a, b);
        int hi = Math.max(a, b);
        long h = (lo * 0x9E3779B97F4A7C15L) ^ (hi * 0xC2B2AE3D27D4EB4FL);
        h ^= h >>> 31;
        h *= 0x94D049BB133111EBL;
        h ^= h >>> 29;
        double factor = 0.9 + 0.2 * ((h >>> 11) * 0x1.0p-53);
        return (long) (base * factor);
    }

    String regionOf(int node) {
        return REGIONS[region[node]];
    }
}
