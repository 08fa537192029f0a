package io.jdht.cli;

import java.io.PrintWriter;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code jdht devnet}: starts a small DHT in this process, runs each of the six operations once,
 * prints how each went, and shuts the network down. A quick end-to-end check of the whole stack.
 */
@Command(name = "devnet", description = {
        "Run a throwaway DHT of N nodes in this process and try the six operations on it.",
        "The nodes serve on 127.0.0.1; each connects to up to 3 random earlier ones. findpeer, put, "
                + "get, provide, findprovs and query then run once each from different nodes, and a table "
                + "shows each result, the peers it contacted and its time. Exits 0 when all six succeed."})
final class DevnetCommand implements Callable<Integer> {
    static final int MIN_NODES = 2;
    static final int MAX_NODES = 200;

    @Spec
    CommandSpec spec;

    @Option(names = {"-n", "--nodes"}, paramLabel = "<N>", defaultValue = "20",
            description = "Number of nodes, " + MIN_NODES + " to " + MAX_NODES + " (default ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--seed", paramLabel = "<S>", description = "Seed for identities, wiring and choices, to repeat a run (default: random).")
    Long seed;

    @Option(names = "--timeout", defaultValue = "30s", converter = DurationConverter.class,
            description = "Time allowed for the set-up and for each operation (default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--json", description = "Print a set-up object, then one JSON object per operation.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (nodes < MIN_NODES || nodes > MAX_NODES) {
            throw new ParameterException(spec.commandLine(),
                    "--nodes must be between " + MIN_NODES + " and " + MAX_NODES + ", got " + nodes);
        }
        long s = seed != null ? seed : new SecureRandom().nextLong();
        Random random = new Random(s);
        PrintWriter out = spec.commandLine().getOut();
        long start = System.nanoTime();
        try (Devnet net = Devnet.start(nodes, random, timeout)) {
            double setupMs = (System.nanoTime() - start) / 1e6;
            if (json) {
                out.println(Json.line(Json.object().put("nodes", nodes).put("seed", s).put("setupMs", round(setupMs))));
            } else {
                out.printf(Locale.ROOT, "devnet: %d nodes on 127.0.0.1, set up in %.1f ms (seed %d)%n", nodes, setupMs, s);
            }
            out.flush();
            List<DevnetResult> results = new DevnetScenario(net, random, timeout).run();
            if (json) {
                results.forEach(r -> out.println(Json.line(Json.object()
                        .put("op", r.op()).put("ok", r.ok()).put("peers", r.peers())
                        .put("ms", round(r.ms())).put("detail", r.detail()))));
            } else {
                DevnetTable.print(out, results);
            }
            out.flush();
            return results.stream().allMatch(DevnetResult::ok) ? 0 : 1;
        }
    }

    private static double round(double ms) {
        return Math.round(ms * 10) / 10.0;
    }
}
