package io.jdht.bench;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.jdht.crypto.PeerId;
import io.jdht.kad.LookupRounds;
import io.jdht.kad.record.NamespacedValidator;
import io.jdht.kad.record.RecordValidator;
import io.jdht.multiformats.Cid;
import io.jdht.node.FindProvsOptions;
import io.jdht.node.Node;
import io.jdht.node.QueryOptions;
import io.jdht.net.host.WireOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Latency of the six DHT operations in an N-node Java network on 127.0.0.1, with the workload of
 * the js-libp2p baseline in research/js-libp2p-peer.md: each new node dials 3 random earlier ones;
 * then, one at a time from random nodes, {@code ops} of each operation (15 s timeout each). Prints
 * p50 / p95 per operation, failures, wall time and heap in use. {@link DhtSideBySide} runs it beside
 * the same workload on js-libp2p.
 *
 * <p>With {@code --one-way-delay <ms>} every node holds what it receives for that long
 * ({@link WireOptions#oneWayDelay}), so the loopback network behaves like a WAN with a round-trip
 * time of twice the delay; latencies are then also printed in round trips, with the mean rounds
 * of the {@code query} and {@code findPeer} lookups, and the nodes dial each other all at once.
 * {@code --without-savings} turns optimistic multistream-select and the inlined muxer off, to
 * measure what they save.
 *
 * <p>Run: {@code java -cp bench/target/jdht-bench.jar io.jdht.bench.DhtLatencyBench [nodes] [ops] [seed] [--one-way-delay ms] [--without-savings]}
 */
public final class DhtLatencyBench {
    private static final Duration OP_TIMEOUT = Duration.ofSeconds(15);

    /**
     * Takes the workload's {@code /bench/} records (any value, the first of several wins), as the
     * js nodes do: a node refuses records of namespaces it has no validator for.
     */
    private static final NamespacedValidator BENCH_RECORDS = NamespacedValidator.builder()
            .register("bench", RecordValidator.ANY_FIRST_WINS)
            .build();

    private DhtLatencyBench() {}

    /** p50 and p95 in milliseconds, failures, and mean lookup rounds (NaN where not counted) of one operation. */
    public record OpStats(String op, double p50, double p95, int failed, double meanRounds) {}

    /** What one run measured. */
    /**
     * What one run measured. {@code rssMb} is read after a full collection and a pause for G1 to
     * hand the freed heap back (it does so concurrently, within half a second); {@code peakRssMb}
     * is the process's high-water mark, taken before that collection.
     */
    public record Result(List<OpStats> ops, double setupSeconds, double wallSeconds, double heapMb, double rssMb,
            double peakRssMb) {}

    public static void main(String[] args) throws Exception {
        List<String> positional = new ArrayList<>();
        Duration oneWay = Duration.ZERO;
        WireOptions wire = WireOptions.DEFAULT;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--without-savings")) {
                wire = WireOptions.UNOPTIMISED; // as before optimistic select and the inlined muxer
            } else if (args[i].equals("--one-way-delay")) {
                if (i + 1 == args.length) {
                    throw new IllegalArgumentException("--one-way-delay needs a number of milliseconds");
                }
                oneWay = Duration.ofMillis(Long.parseLong(args[++i]));
            } else {
                positional.add(args[i]);
            }
        }
        int n = positional.size() > 0 ? Integer.parseInt(positional.get(0)) : 30;
        int ops = positional.size() > 1 ? Integer.parseInt(positional.get(1)) : 50;
        long seed = positional.size() > 2 ? Long.parseLong(positional.get(2)) : 1;
        Result r = run(n, ops, seed, wire.withOneWayDelay(oneWay));
        System.out.printf(Locale.ROOT, "%d nodes up and refreshed in %.1f s%n", n, r.setupSeconds());
        if (oneWay.isZero()) {
            System.out.printf(Locale.ROOT, "%-14s %8s %8s %8s %7s%n", "op", "p50 ms", "p95 ms", "failed", "rounds");
            for (OpStats o : r.ops()) {
                System.out.printf(Locale.ROOT, "%-14s %8.1f %8.1f %8d %7.2f%n", o.op(), o.p50(), o.p95(), o.failed(), o.meanRounds());
            }
        } else {
            double rttMs = 2.0 * oneWay.toMillis();
            System.out.printf(Locale.ROOT, "one-way delay %d ms, RTT %.0f ms%n", oneWay.toMillis(), rttMs);
            System.out.printf(Locale.ROOT, "%-14s %8s %8s %8s %8s %8s %7s%n", "op", "p50 ms", "p95 ms", "p50 RTT", "p95 RTT",
                    "failed", "rounds");
            for (OpStats o : r.ops()) {
                System.out.printf(Locale.ROOT, "%-14s %8.1f %8.1f %8.2f %8.2f %8d %7.2f%n", o.op(), o.p50(), o.p95(),
                        o.p50() / rttMs, o.p95() / rttMs, o.failed(), o.meanRounds());
            }
        }
        System.out.printf(Locale.ROOT, "%d operations, wall %.1f s; heap in use %.0f MB (%.1f MB per node), RSS %.0f MB (peak %.0f MB)%n",
                ops * 6, r.wallSeconds(), r.heapMb(), r.heapMb() / n, r.rssMb(), r.peakRssMb());
    }

    /** This process's resident set (Linux /proc), or NaN where that is not available. */
    static double residentMb() {
        return residentMb("self");
    }

    /** The resident set of process {@code pid} ("self" for this one), in MB, or NaN off Linux. */
    static double residentMb(String pid) {
        return statusMb(pid, "VmRSS:");
    }

    /** A size line of /proc/{@code pid}/status (VmRSS:, VmHWM: …) in MB, or NaN off Linux. */
    static double statusMb(String pid, String field) {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024 / 1e6; // kB there are KiB
                }
            }
        } catch (java.io.IOException | NumberFormatException e) {
            // not Linux: no figure
        }
        return Double.NaN;
    }

    /** Builds the network, runs the workload, closes every node. */
    public static Result run(int n, int ops, long seed) throws Exception {
        return run(n, ops, seed, WireOptions.DEFAULT);
    }

    /** As {@link #run(int, int, long)}, the nodes' wire set up as {@code wire} says (a simulated delay). */
    public static Result run(int n, int ops, long seed, WireOptions wire) throws Exception {
        Random random = new Random(seed);
        List<Node> nodes = new ArrayList<>();
        long setupStart = System.nanoTime();
        boolean delayed = wire.oneWayDelay().isPositive();
        try {
            List<CompletableFuture<?>> dials = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Node node = Node.builder().listen("/ip4/127.0.0.1/tcp/0").wire(wire).validator(BENCH_RECORDS).build();
                node.start().get(30, TimeUnit.SECONDS);
                for (int j = 0; j < Math.min(3, i); j++) {
                    CompletableFuture<?> dial = node.connect(nodes.get(random.nextInt(i)).addresses().getFirst());
                    if (delayed) {
                        dials.add(dial); // one at a time would take n × 3 dials × several round trips
                    } else {
                        dial.get(30, TimeUnit.SECONDS);
                    }
                }
                nodes.add(node);
            }
            CompletableFuture.allOf(dials.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
            // let routing tables fill, as the js baseline does before measuring
            for (Node node : nodes) {
                node.dht().query(node.peerId()).handle((r, e) -> null).get(60, TimeUnit.SECONDS);
            }
            double setupS = (System.nanoTime() - setupStart) / 1e9;

            Map<String, List<Double>> times = new LinkedHashMap<>();
            Map<String, Integer> failures = new LinkedHashMap<>();
            Map<String, List<LookupRounds>> rounds = new LinkedHashMap<>();
            List<byte[]> keys = new ArrayList<>();
            List<Cid> cids = new ArrayList<>();
            long wallStart = System.nanoTime();
            for (int i = 0; i < ops; i++) {
                Node a = pick(nodes, random);
                byte[] key = ("/bench/" + seed + "-" + i).getBytes(UTF_8);
                byte[] value = ("value " + i).getBytes(UTF_8);
                keys.add(key);
                time("put", times, failures, () -> a.dht().put(key, value));
            }
            for (int i = 0; i < ops; i++) {
                Node a = pick(nodes, random);
                byte[] key = keys.get(i);
                time("get", times, failures, () -> a.dht().get(key, QueryOptions.timeout(OP_TIMEOUT)));
            }
            for (int i = 0; i < ops; i++) {
                Node a = pick(nodes, random);
                Cid cid = a.blocks().put(("block " + seed + "-" + i).getBytes(UTF_8));
                cids.add(cid);
                time("provide", times, failures, () -> a.dht().provide(cid));
            }
            for (int i = 0; i < ops; i++) {
                Node a = pick(nodes, random);
                Cid cid = cids.get(i);
                // until the first provider, as the js side does
                time("findProviders", times, failures, () -> a.dht().findProvs(cid,
                        FindProvsOptions.DEFAULT.withTimeout(OP_TIMEOUT).withMaxNumProviders(1)));
            }
            for (int i = 0; i < ops; i++) {
                Node a = pick(nodes, random);
                Node b = pick(nodes, random);
                while (b == a) {
                    b = pick(nodes, random);
                }
                PeerId target = b.peerId();
                LookupRounds counted = counter("findPeer", rounds);
                time("findPeer", times, failures, () -> a.dht().findPeer(target, QueryOptions.timeout(OP_TIMEOUT), counted));
            }
            for (int i = 0; i < ops; i++) {
                Node a = pick(nodes, random);
                PeerId target = pick(nodes, random).peerId();
                LookupRounds counted = counter("query", rounds);
                time("query", times, failures, () -> a.dht().query(target, QueryOptions.timeout(OP_TIMEOUT), counted));
            }
            double wallS = (System.nanoTime() - wallStart) / 1e9;

            List<OpStats> stats = new ArrayList<>();
            for (var e : times.entrySet()) {
                List<Double> t = e.getValue();
                t.sort(Double::compare);
                double meanRounds = rounds.getOrDefault(e.getKey(), List.of()).stream()
                        .mapToInt(LookupRounds::rounds)
                        .filter(r -> r > 0) // answered at once (a connected peer): no lookup ran
                        .average().orElse(Double.NaN);
                stats.add(new OpStats(e.getKey(), pct(t, 0.50), pct(t, 0.95), failures.getOrDefault(e.getKey(), 0), meanRounds));
            }
            Runtime rt = Runtime.getRuntime();
            double peakRss = statusMb("self", "VmHWM:");
            System.gc();
            double heapMb = (rt.totalMemory() - rt.freeMemory()) / 1e6;
            Thread.sleep(1_000); // G1 uncommits what the collection freed on its own thread: read RSS after that
            return new Result(stats, setupS, wallS, heapMb, residentMb(), peakRss);
        } finally {
            nodes.forEach(Node::close);
        }
    }

    /** A new round counter for one run of {@code op}, kept with the others of that operation. */
    private static LookupRounds counter(String op, Map<String, List<LookupRounds>> rounds) {
        LookupRounds counted = new LookupRounds();
        rounds.computeIfAbsent(op, k -> new ArrayList<>()).add(counted);
        return counted;
    }

    private static Node pick(List<Node> nodes, Random random) {
        return nodes.get(random.nextInt(nodes.size()));
    }

    private static void time(String op, Map<String, List<Double>> times, Map<String, Integer> failures,
            Supplier<CompletableFuture<?>> call) {
        long start = System.nanoTime();
        try {
            call.get().get(OP_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);
        } catch (Exception e) {
            failures.merge(op, 1, Integer::sum);
        }
        times.computeIfAbsent(op, k -> new ArrayList<>()).add((System.nanoTime() - start) / 1e6);
    }

    private static double pct(List<Double> sorted, double p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
    }
}
