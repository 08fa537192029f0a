package io.jdht.cli;

import io.jdht.net.host.Host;
import io.jdht.net.ping.PingInitiator;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jdht ping}: dial, negotiate, and ping a peer over {@code /ipfs/ping/1.0.0}. */
@Command(name = "ping", description = "Dial a peer, ping it and print each round trip.")
final class PingCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-n", "--count"}, defaultValue = "10", description = "Number of pings (default ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--json", description = "One JSON object per ping.")
    boolean json;

    @Option(names = "--timeout", defaultValue = "30s", converter = DurationConverter.class,
            description = "Time allowed for the dial and for each ping (default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Parameters(paramLabel = "<multiaddr>", description = "Address ending in /p2p/<peer-id>.")
    String address;

    @Override
    public Integer call() throws Exception {
        if (count < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--count must be at least 1, got " + count);
        }
        PeerAddress target = PeerAddress.parse(spec, address);
        PrintWriter out = spec.commandLine().getOut();
        try (Host host = ClientHost.start()) {
            host.connect(target.address()).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            PingInitiator pinger = host.openPing(target.peer()).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!json) {
                out.println("PING " + target.peer() + ".");
            }
            long totalNanos = 0;
            for (int i = 1; i <= count; i++) {
                Duration rtt = pinger.ping().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                totalNanos += rtt.toNanos();
                if (json) {
                    out.println(Json.line(Json.object().put("Success", true).put("Time", rtt.toNanos()).put("Text", "")));
                } else {
                    out.printf("Pong received: seq=%d time=%.3f ms%n", i, rtt.toNanos() / 1e6);
                }
                out.flush();
            }
            pinger.close();
            if (!json) {
                out.printf("Average latency: %.3f ms%n", totalNanos / 1e6 / count);
            }
        }
        return 0;
    }
}
