package io.jdht.cli;

import io.jdht.net.host.Host;
import io.jdht.net.perf.PerfResult;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jdht perf}: measure throughput to a peer with {@code /perf/1.0.0}. */
@Command(name = "perf", description = "Measure upload and download throughput to a peer over /perf/1.0.0.")
final class PerfCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--upload", defaultValue = "0", description = "Bytes to send (default ${DEFAULT-VALUE}).")
    long upload;

    @Option(names = "--download", defaultValue = "67108864", description = "Bytes to ask back (default ${DEFAULT-VALUE}, 64 MiB).")
    long download;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Option(names = "--timeout", defaultValue = "120s", converter = DurationConverter.class,
            description = "Time allowed for the whole run (default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Parameters(paramLabel = "<multiaddr>", description = "Address ending in /p2p/<peer-id>.")
    String address;

    @Override
    public Integer call() throws Exception {
        if (upload < 0 || download < 0) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--upload and --download must not be negative");
        }
        PeerAddress target = PeerAddress.parse(spec, address);
        PrintWriter out = spec.commandLine().getOut();
        try (Host host = ClientHost.start()) {
            host.connect(target.address()).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            PerfResult r = host.perf(target.peer(), upload, download).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (json) {
                out.println(Json.line(Json.object()
                        .put("uploadBytes", r.uploadedBytes())
                        .put("downloadBytes", r.downloadedBytes())
                        .put("seconds", r.elapsed().toNanos() / 1e9)
                        .put("megabytesPerSecond", r.megabytesPerSecond())));
            } else {
                out.printf("uploaded %d bytes, downloaded %d bytes in %.3f s: %.1f MB/s%n",
                        r.uploadedBytes(), r.downloadedBytes(), r.elapsed().toNanos() / 1e9, r.megabytesPerSecond());
            }
        }
        return 0;
    }
}
