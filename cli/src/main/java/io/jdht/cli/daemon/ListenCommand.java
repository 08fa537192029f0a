package io.jdht.cli.daemon;

import io.jdht.cli.repo.RepoOption;
import io.jdht.daemon.DaemonOptions;
import io.jdht.daemon.config.RoutingType;
import io.jdht.daemon.repo.Repo;
import io.jdht.multiformats.Multiaddr;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code jdht listen}: a thin alias of {@code daemon} for a quick DHT server: the repo is created
 * if needed (test profile), and the swarm address, bootstrap peers and server mode come from the
 * command line; the API listens on any free port (its address is in the repo's {@code api} file).
 */
@Command(name = "listen", description = "Run a DHT server daemon on a given port (a quick 'daemon'; the repo is created if needed).")
public final class ListenCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    RepoOption repoOption;

    @Option(names = {"-p", "--port"}, defaultValue = "0", description = "TCP port (default: any free port).")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "IP address to listen on (default ${DEFAULT-VALUE}).")
    String bindAddress;

    @Option(names = "--bootstrap", paramLabel = "<multiaddr>",
            description = "A peer to join the DHT through, ending in /p2p/<peer-id> (repeatable; default: none).")
    List<String> bootstrap = List.of();

    @Override
    public Integer call() throws Exception {
        if (port < 0 || port > 65535) {
            throw new ParameterException(spec.commandLine(), "--port must be 0..65535, got " + port);
        }
        Multiaddr listen;
        try {
            listen = Multiaddr.parse((bindAddress.contains(":") ? "/ip6/" : "/ip4/") + bindAddress + "/tcp/" + port);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--host '" + bindAddress + "' is not an IP address: " + e.getMessage());
        }
        List<Multiaddr> peers = new ArrayList<>();
        for (String b : bootstrap) {
            try {
                Multiaddr a = Multiaddr.parse(b);
                if (a.peerIdMultihash().isEmpty()) {
                    throw new IllegalArgumentException("it does not end in /p2p/<peer-id>");
                }
                peers.add(a);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--bootstrap '" + b + "': " + e.getMessage());
            }
        }
        Repo repo = repoOption.repo();
        if (!repo.isInitialized()) {
            repo.init(io.jdht.crypto.KeyType.ED25519, "test");
        }
        DaemonOptions options = DaemonOptions.fromConfig()
                .withSwarm(List.of(listen))
                .withApi(Multiaddr.parse("/ip4/127.0.0.1/tcp/0"))
                .withBootstrap(peers)
                .withRouting(RoutingType.DHTSERVER)
                .withConsole(DaemonCommand.console(spec.commandLine().getOut()));
        return DaemonCommand.run(repo, options);
    }
}
