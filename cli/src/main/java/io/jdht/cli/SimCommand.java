package io.jdht.cli;

import io.jdht.sim.SimConfig;
import io.jdht.sim.SimResult;
import io.jdht.sim.Simulation;
import io.jdht.sim.report.HtmlReport;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code jdht sim}: runs the deterministic simulator (module sim) and prints what each operation
 * did; {@code --json} prints the same as one object, {@code --report} writes the HTML report.
 */
@Command(name = "sim", description = {
        "Simulate a DHT of N nodes in virtual time and measure the six operations.",
        "Every node runs jdht's own kad engine; the network between them is modelled (latency by world region, "
                + "dials and handshakes, loss, undialable peers, client nodes, churn). Nodes join by bootstrapping, "
                + "then a workload runs findPeer, provide then findProvs, put then get, and query from random nodes. "
                + "The same seed gives the same run, event for event."})
final class SimCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--nodes", paramLabel = "<N>", defaultValue = "1000", description = "Nodes in the network (default ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--ops", paramLabel = "<M>", defaultValue = "100",
            description = "Operations of each kind in the workload (default ${DEFAULT-VALUE}).")
    int ops;

    @Option(names = "--seed", paramLabel = "<S>", defaultValue = "1", description = "Seed of the run's one random source (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--churn", paramLabel = "<MODEL>", defaultValue = "none",
            description = "none, or ipfs: a stable core and a churning tail, as measured among IPFS DHT servers (default ${DEFAULT-VALUE}).")
    String churn;

    @Option(names = "--hours", paramLabel = "<H>", defaultValue = "0",
            description = "Spread the workload over H simulated hours: writes in the first, reads of earlier writes after "
                    + "(default ${DEFAULT-VALUE}: back to back, each read right after its write).")
    double hours;

    @Option(names = "--loss", paramLabel = "<P>", defaultValue = "0", description = "Probability a message is lost (default ${DEFAULT-VALUE}).")
    double loss;

    @Option(names = "--undialable", paramLabel = "<F>", defaultValue = "0",
            description = "Share of servers that cannot be dialled; dials to them time out after 5 s (default ${DEFAULT-VALUE}).")
    double undialable;

    @Option(names = "--clients", paramLabel = "<F>", defaultValue = "0", description = "Share of nodes in client mode (default ${DEFAULT-VALUE}).")
    double clients;

    @Option(names = "--alpha", paramLabel = "<A>", defaultValue = "10", description = "Requests in flight per lookup path (default ${DEFAULT-VALUE}).")
    int alpha;

    @Option(names = "--beta", paramLabel = "<B>", defaultValue = "3",
            description = "Closest peers that must answer before a lookup ends (default ${DEFAULT-VALUE}).")
    int beta;

    @Option(names = "--disjoint", paramLabel = "<D>", defaultValue = "1", description = "Disjoint lookup paths (default ${DEFAULT-VALUE}).")
    int disjoint;

    @Option(names = "--provide", paramLabel = "<classic|optimistic>", defaultValue = "classic",
            description = "How provide and put find where to store (default ${DEFAULT-VALUE}).")
    String provide;

    @Option(names = "--reprovide", paramLabel = "<sweep|per-key>", defaultValue = "sweep",
            description = "How nodes reprovide: one lookup per key, or a sweep by keyspace region (default ${DEFAULT-VALUE}).")
    String reprovide;

    @Option(names = "--sybils", paramLabel = "<S>", defaultValue = "0",
            description = "Sybil identities placed near one region of the key space, answering for it with each other only; "
                    + "writes and reads then use keys in that region (default ${DEFAULT-VALUE}).")
    int sybils;

    @Option(names = "--no-renew", description = "Nodes neither reprovide nor republish.")
    boolean noRenew;

    @Option(names = "--handshake-rtts", paramLabel = "<R>", defaultValue = "2",
            description = "Round trips a new connection costs before its first request: 2 for jdht, 4 for go-libp2p over TCP "
                    + "(default ${DEFAULT-VALUE}).")
    int handshakeRtts;

    @Option(names = "--json", description = "Print the results as one JSON object.")
    boolean json;

    @Option(names = "--report", paramLabel = "<FILE.html>", description = "Write an HTML report with charts.")
    Path report;

    @Option(names = "--compare", paramLabel = "<FILE.json>", description = "Another run's --json output, shown beside this run in the report.")
    Path compare;

    @Override
    public Integer call() throws Exception {
        SimConfig config = config();
        Optional<com.fasterxml.jackson.databind.JsonNode> other = Optional.empty();
        if (compare != null) {
            if (!Files.isRegularFile(compare)) {
                throw new ParameterException(spec.commandLine(), "--compare: no such file: " + compare);
            }
            try {
                other = Optional.of(SimResult.readJson(Files.readString(compare)));
            } catch (java.io.IOException e) {
                throw new ParameterException(spec.commandLine(), "--compare: " + compare + " is not a run's JSON: " + e.getMessage());
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        SimResult result;
        try (SimProgressBar bar = SimProgressBar.onTerminal(err)) {
            result = new Simulation(config).run(bar);
        }
        if (json) {
            out.println(result.toJson().toPrettyString());
        } else {
            out.print(result.toText());
        }
        if (report != null) {
            HtmlReport.write(result.toJson(), other, report);
            if (!json) {
                out.println("report: " + report.toAbsolutePath());
            }
        }
        out.flush();
        return 0;
    }

    private SimConfig config() {
        String p = provide.toLowerCase(Locale.ROOT);
        if (!p.equals("classic") && !p.equals("optimistic")) {
            throw new ParameterException(spec.commandLine(), "--provide must be 'classic' or 'optimistic', not '" + provide + "'");
        }
        String r = reprovide.toLowerCase(Locale.ROOT);
        if (!r.equals("per-key") && !r.equals("sweep")) {
            throw new ParameterException(spec.commandLine(), "--reprovide must be 'per-key' or 'sweep', not '" + reprovide + "'");
        }
        try {
            return SimConfig.defaults(nodes, ops, seed).withChurn(churn).withHours(hours).withLoss(loss)
                    .withUndialable(undialable).withClients(clients).withLookup(alpha, beta, disjoint)
                    .withOptimisticProvide(p.equals("optimistic")).withSweepReprovide(r.equals("sweep"))
                    .withRenew(!noRenew).withHandshakeRtts(handshakeRtts).withSybils(sybils).validate();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
