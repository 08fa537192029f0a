package io.jdht.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * DHT latency of jdht and js-libp2p side by side, in one run on one machine: {@link DhtLatencyBench}
 * (N Java nodes in this JVM), then {@code interop/js/swarm-bench.mjs} (N js-libp2p nodes in one
 * Node.js process), with the same network shape rule, workload, seed and timeouts. Prints one
 * table. Needs the js packages: {@code bash interop/js/install.sh}.
 *
 * <p>Run: {@code java -cp bench/target/jdht-bench.jar io.jdht.bench.DhtSideBySide [nodes] [ops] [seed]}
 */
public final class DhtSideBySide {
    private DhtSideBySide() {}

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        int ops = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 1;

        DhtLatencyBench.Result java = DhtLatencyBench.run(n, ops, seed);
        JsResult js = runJs(n, ops, seed);

        System.out.printf(Locale.ROOT, "%d nodes, %d of each operation, one at a time from random nodes (seed %d)%n", n, ops, seed);
        System.out.printf(Locale.ROOT, "%-14s %17s %17s %14s%n", "", "jdht p50 / p95", "js p50 / p95", "failed j / js");
        for (DhtLatencyBench.OpStats j : java.ops()) {
            JsonNode o = js.ops().get(j.op());
            String jsCell = o == null ? "-" : String.format(Locale.ROOT, "%7.1f / %7.1f", o.get("p50").asDouble(), o.get("p95").asDouble());
            String jsFailed = o == null ? "-" : String.valueOf(o.get("failed").asInt());
            System.out.printf(Locale.ROOT, "%-14s %7.1f / %7.1f %17s %7d / %s%n", j.op(), j.p50(), j.p95(), jsCell, j.failed(), jsFailed);
        }
        JsonNode s = js.summary();
        System.out.printf(Locale.ROOT, "set-up         %8.1f s          %8.1f s%n", java.setupSeconds(), s.path("setupS").asDouble());
        System.out.printf(Locale.ROOT, "workload wall  %8.1f s          %8.1f s%n", java.wallSeconds(), s.path("wallS").asDouble());
        System.out.printf(Locale.ROOT, "RSS            %8.0f MB          %8.0f MB   (whole process at the end; jdht after a GC, heap in use %.0f MB)%n",
                java.rssMb(), s.path("rssMB").asDouble(), java.heapMb());
        System.out.printf(Locale.ROOT, "peak RSS       %8.0f MB          %8.0f MB   (whole process, high-water mark)%n",
                java.peakRssMb(), s.path("maxRssMB").asDouble(Double.NaN));
    }

    private record JsResult(Map<String, JsonNode> ops, JsonNode summary) {}

    private static JsResult runJs(int n, int ops, long seed) throws IOException, InterruptedException {
        Path dir = Path.of(System.getProperty("jdht.js.dir", "interop/js"));
        Path node = dir.resolve("node_modules/.bin/node");
        if (!Files.isExecutable(node)) {
            throw new IOException("Node 22 is not installed at " + node + "; run interop/js/install.sh");
        }
        Process p = new ProcessBuilder(List.of(node.toString(), dir.resolve("swarm-bench.mjs").toString(),
                String.valueOf(n), String.valueOf(ops), String.valueOf(seed)))
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        Map<String, JsonNode> byOp = new LinkedHashMap<>();
        JsonNode summary = new ObjectMapper().createObjectNode();
        ObjectMapper json = new ObjectMapper();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                JsonNode o = json.readTree(line);
                if (o.has("summary")) {
                    summary = o.get("summary");
                } else if (o.has("op")) {
                    byOp.put(o.get("op").asText(), o);
                }
            }
        } finally {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        return new JsResult(byOp, summary);
    }
}
