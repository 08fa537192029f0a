package io.jdht.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a simulation measured: per operation the {@link OpStats}, the run's cost (wall time,
 * events, heap), the traffic in all, success over simulated time, and the digest of every event
 * (equal for two runs with the same configuration and seed).
 */
public record SimResult(SimConfig config, Map<Operation, OpStats> operations, List<TimelinePoint> timeline,
        long wallMs, long events, long simulatedMs, long peakHeapBytes, int nodesOnlineAtEnd, long messages, long bytes,
        long dials, long failedDials, long digest, List<OpRecord> records) {

    /** One simulated hour of the workload: nodes online at its start, operations started in it, their success. */
    public record TimelinePoint(double hour, int online, int ops, double successRate) {}

    private static final long HOUR = 3_600_000_000L;
    private static final ObjectMapper JSON = new ObjectMapper();

    static SimResult of(SimConfig config, List<OpRecord> records, long workloadStart, List<int[]> onlineByHour,
            EventLoop loop, Traffic traffic, long wallNanos, long peakHeap, int onlineAtEnd) {
        Map<Operation, OpStats> ops = new EnumMap<>(Operation.class);
        for (Operation op : Operation.values()) {
            ops.put(op, OpStats.of(op, records));
        }
        List<TimelinePoint> timeline = onlineByHour.stream().map(h -> {
            List<OpRecord> in = records.stream().filter(r -> (r.startMicros() - workloadStart) / HOUR == h[0]).toList();
            double success = in.isEmpty() ? Double.NaN : in.stream().filter(OpRecord::success).count() / (double) in.size();
            return new TimelinePoint(h[0], h[1], in.size(), success);
        }).toList();
        return new SimResult(config, ops, timeline, wallNanos / 1_000_000, loop.eventsRun(), loop.nowMicros() / 1000,
                peakHeap, onlineAtEnd, traffic.messages(), traffic.bytes(), traffic.dials(), traffic.failedDials(),
                loop.digest(), List.copyOf(records));
    }

    public double eventsPerSecond() {
        return wallMs == 0 ? 0 : events * 1000.0 / wallMs;
    }

    /** The run as the JSON document {@code jdht sim --json} prints and the HTML report reads. */
    public ObjectNode toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("jdhtSim", 1);
        ObjectNode c = root.putObject("config");
        c.put("nodes", config.nodes()).put("ops", config.ops()).put("seed", config.seed()).put("churn", config.churn())
                .put("loss", config.loss()).put("undialable", config.undialable()).put("clients", config.clients())
                .put("alpha", config.alpha()).put("beta", config.beta()).put("disjoint", config.disjoint())
                .put("provide", config.optimisticProvide() ? "optimistic" : "classic").put("hours", config.hours())
                .put("renew", config.renew()).put("handshakeRtts", config.handshakeRtts())
                .put("reprovide", config.sweepReprovide() ? "sweep" : "per-key").put("sybils", config.sybils());
        ObjectNode run = root.putObject("run");
        run.put("wallMs", wallMs).put("events", events).put("eventsPerSecond", Math.round(eventsPerSecond()))
                .put("peakHeapBytes", peakHeapBytes).put("simulatedMs", simulatedMs).put("nodesOnlineAtEnd", nodesOnlineAtEnd)
                .put("messages", messages).put("bytes", bytes).put("dials", dials).put("failedDials", failedDials)
                .put("digest", Long.toHexString(digest));
        ObjectNode operationsNode = root.putObject("operations");
        operations.forEach((op, s) -> {
            ObjectNode o = operationsNode.putObject(op.jsonName);
            o.put("count", s.count());
            number(o, "successRate", s.successRate());
            number(o, "roundsP50", s.roundsP50());
            number(o, "roundsP95", s.roundsP95());
            number(o, "peersContactedP50", s.peersContactedP50());
            number(o, "messagesMean", s.messagesMean());
            number(o, "bytesMean", s.bytesMean());
            number(o, "latencyMsP50", s.latencyMsP50());
            number(o, "latencyMsP95", s.latencyMsP95());
            number(o, "latencyMsP99", s.latencyMsP99());
            number(o, "roundsToClosestMean", s.roundsToClosestMean());
            ObjectNode h = o.putObject("roundsHistogram");
            s.roundsHistogram().forEach((rounds, count) -> h.put(Integer.toString(rounds), count));
            ArrayNode cdf = o.putArray("latencyMsSorted");
            for (double ms : s.latencyMsSorted()) {
                cdf.add(Math.round(ms * 10) / 10.0);
            }
        });
        ArrayNode t = root.putArray("timeline");
        for (TimelinePoint p : timeline) {
            ObjectNode o = t.addObject().put("hour", p.hour()).put("online", p.online()).put("ops", p.ops());
            number(o, "successRate", p.successRate());
        }
        return root;
    }

    /** JSON has no NaN: a figure that does not exist (no operation of the kind) is null. */
    private static void number(ObjectNode o, String field, double value) {
        if (Double.isNaN(value)) {
            o.putNull(field);
        } else {
            o.put(field, Math.round(value * 1000) / 1000.0);
        }
    }

    /** The run as a table for a terminal. */
    public String toText() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%d nodes (%d online at the end), seed %d, churn %s, loss %.2f, undialable %.2f,"
                + " clients %.2f, alpha %d, beta %d, disjoint %d, provide %s%n", config.nodes(), nodesOnlineAtEnd, config.seed(),
                config.churn(), config.loss(), config.undialable(), config.clients(), config.alpha(), config.beta(),
                config.disjoint(), config.optimisticProvide() ? "optimistic" : "classic"));
        b.append(String.format(Locale.ROOT, "%-10s %6s %8s %7s %7s %9s %9s %10s %9s %9s %9s%n", "operation", "count", "success",
                "rounds", "rnd p95", "contacted", "messages", "bytes", "p50 ms", "p95 ms", "p99 ms"));
        for (OpStats s : operations.values()) {
            b.append(String.format(Locale.ROOT, "%-10s %6d %7.1f%% %7.1f %7.1f %9.1f %9.1f %10.0f %9.0f %9.0f %9.0f%n",
                    s.op().jsonName, s.count(), s.successRate() * 100, s.roundsP50(), s.roundsP95(), s.peersContactedP50(),
                    s.messagesMean(), s.bytesMean(), s.latencyMsP50(), s.latencyMsP95(), s.latencyMsP99()));
        }
        double toClosest = operations.get(Operation.QUERY).roundsToClosestMean();
        if (!Double.isNaN(toClosest)) {
            b.append(String.format(Locale.ROOT, "query: %.2f rounds on average to reach one of the key's 20 closest servers%n",
                    toClosest));
        }
        if (!timeline.isEmpty()) {
            b.append("hour  online  ops  success\n");
            for (TimelinePoint p : timeline) {
                b.append(String.format(Locale.ROOT, "%4.0f %7d %4d %7.1f%%%n", p.hour(), p.online(), p.ops(), p.successRate() * 100));
            }
        }
        b.append(String.format(Locale.ROOT, "simulated %.1f s in %.1f s of wall time: %,d events (%,.0f per second),"
                + " %,d messages, %,d dials (%,d failed), peak heap %,d MB, digest %s%n", simulatedMs / 1000.0, wallMs / 1000.0,
                events, eventsPerSecond(), messages, dials, failedDials, peakHeapBytes >> 20, Long.toHexString(digest)));
        return b.toString();
    }

    /** Reads a run's JSON back (for comparing runs in a report). */
    public static JsonNode readJson(String text) throws java.io.IOException {
        return JSON.readTree(text);
    }
}
