package io.jdht.sim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

/**
 * The statistics of one operation over a run: success rate, rounds, peers contacted, traffic and
 * latency percentiles. Latency counts successful operations only (a failure's time is mostly its
 * timeout); rounds, contacts and traffic count all.
 */
public record OpStats(Operation op, int count, double successRate, double roundsP50, double roundsP95,
        double peersContactedP50, double messagesMean, double bytesMean, double latencyMsP50, double latencyMsP95,
        double latencyMsP99, TreeMap<Integer, Integer> roundsHistogram, double[] latencyMsSorted, double roundsToClosestMean) {

    /** At most this many latencies are kept for the CDF (evenly spaced over the sorted list). */
    static final int MAX_CDF_POINTS = 1000;

    public static OpStats of(Operation op, List<OpRecord> records) {
        List<OpRecord> mine = records.stream().filter(r -> r.op() == op).toList();
        int n = mine.size();
        double[] rounds = mine.stream().mapToDouble(OpRecord::rounds).sorted().toArray();
        double[] contacted = mine.stream().mapToDouble(OpRecord::contacted).sorted().toArray();
        double[] latency = mine.stream().filter(OpRecord::success).mapToDouble(r -> r.latencyMicros() / 1000.0).sorted().toArray();
        TreeMap<Integer, Integer> histogram = new TreeMap<>();
        mine.forEach(r -> histogram.merge(r.rounds(), 1, Integer::sum));
        long ok = mine.stream().filter(OpRecord::success).count();
        return new OpStats(op, n, n == 0 ? Double.NaN : (double) ok / n,
                percentile(rounds, 50), percentile(rounds, 95), percentile(contacted, 50),
                mine.stream().mapToInt(OpRecord::messages).average().orElse(Double.NaN),
                mine.stream().mapToLong(OpRecord::bytes).average().orElse(Double.NaN),
                percentile(latency, 50), percentile(latency, 95), percentile(latency, 99), histogram, thin(latency),
                mine.stream().filter(r -> r.roundsToClosest() > 0).mapToInt(OpRecord::roundsToClosest).average()
                        .orElse(Double.NaN));
    }

    /** The nearest-rank percentile of a sorted array; NaN when empty. */
    static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static double[] thin(double[] sorted) {
        if (sorted.length <= MAX_CDF_POINTS) {
            return sorted;
        }
        List<Double> out = new ArrayList<>(MAX_CDF_POINTS);
        for (int i = 0; i < MAX_CDF_POINTS; i++) {
            out.add(sorted[(int) ((long) i * (sorted.length - 1) / (MAX_CDF_POINTS - 1))]);
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OpStats s && s.op == op && s.count == count && Double.compare(s.successRate, successRate) == 0
                && Double.compare(s.latencyMsP50, latencyMsP50) == 0 && Arrays.equals(s.latencyMsSorted, latencyMsSorted)
                && s.roundsHistogram.equals(roundsHistogram);
    }

    @Override
    public int hashCode() {
        return op.hashCode() * 31 + Arrays.hashCode(latencyMsSorted);
    }
}
