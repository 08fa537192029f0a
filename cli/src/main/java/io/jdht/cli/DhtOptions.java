package io.jdht.cli;

import io.jdht.multiformats.Multiaddr;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import io.jdht.cli.repo.RepoOption;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** The options every {@code jdht dht} operation shares: how its short-lived node joins and how long it may take. */
final class DhtOptions {
    @Option(names = "--bootstrap", paramLabel = "<multiaddr>",
            description = "Run the operation on a short-lived node that joins through this peer (ending in"
                    + " /p2p/<peer-id>; repeat for more) instead of on the running daemon.")
    List<String> bootstrap = List.of();

    @Option(names = "--api", paramLabel = "<multiaddr>",
            description = "The daemon's API address (default: the one in the repo's api file).")
    String api;

    @Mixin
    RepoOption repoOption;

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

    /**
     * Where to run the operation: a short-lived node with {@code --bootstrap}, else the daemon at
     * {@code --api} or in the repo's api file.
     */
    DhtBackend open(CommandSpec spec, java.io.PrintWriter err) throws Exception {
        List<Multiaddr> peers = bootstrapAddresses(spec);
        if (!peers.isEmpty()) {
            return NodeBackend.join(peers, listenAddress(spec), server, timeout, verbose, err);
        }
        Multiaddr address;
        if (api != null) {
            try {
                address = Multiaddr.parse(api);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--api '" + api + "' is not a valid multiaddr: " + e.getMessage());
            }
        } else {
            io.jdht.daemon.repo.Repo repo = repoOption.repo();
            address = repo.apiAddress().orElseThrow(() -> new CommandFailure.Reported("no daemon is running on "
                    + repo.dir() + " and no --bootstrap peers were given: start one with 'jdht daemon',"
                    + " or pass --bootstrap <multiaddr> or --api <multiaddr>"));
        }
        return new ApiBackend(new io.jdht.cli.api.ApiClient(address));
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
