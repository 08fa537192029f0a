package io.jdht.cli;

import io.jdht.multiformats.Multiaddr;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** The options every {@code jdht dht} operation shares: how its short-lived node joins and how long it may take. */
final class DhtOptions {
    @Option(names = "--bootstrap", paramLabel = "<multiaddr>", required = true,
            description = "A peer to join the DHT through, ending in /p2p/<peer-id>; repeat for more.")
    List<String> bootstrap;

    @Option(names = "--timeout", defaultValue = "30s", converter = DurationConverter.class,
            description = "Time allowed for joining and for the operation, each (default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--json", description = "Print JSON, one object a line.")
    boolean json;

    @Option(names = {"-v", "--verbose"}, description = "Print the query's events on stderr as they happen.")
    boolean verbose;

    @Option(names = "--listen", paramLabel = "<multiaddr>", defaultValue = "/ip4/127.0.0.1/tcp/0",
            description = "Address the node listens on (default ${DEFAULT-VALUE}).")
    String listen;

    @Option(names = "--server",
            description = "Serve the DHT while the command runs (by default the node is a client: it only asks).")
    boolean server;

    /** The bootstrap addresses, checked: a peer we cannot verify by id is refused as a usage error. */
    List<Multiaddr> bootstrapAddresses(CommandSpec spec) {
        List<Multiaddr> out = new ArrayList<>();
        for (String text : bootstrap) {
            Multiaddr ma;
            try {
                ma = Multiaddr.parse(text);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(),
                        "--bootstrap '" + text + "' is not a valid multiaddr: " + e.getMessage());
            }
            if (ma.peerIdMultihash().isEmpty()) {
                throw new ParameterException(spec.commandLine(),
                        "--bootstrap '" + text + "' must end in /p2p/<peer-id> so that the peer can be verified");
            }
            out.add(ma);
        }
        return out;
    }

    Multiaddr listenAddress(CommandSpec spec) {
        try {
            return Multiaddr.parse(listen);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(),
                    "--listen '" + listen + "' is not a valid multiaddr: " + e.getMessage());
        }
    }
}
