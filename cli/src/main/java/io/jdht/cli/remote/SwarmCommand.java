package io.jdht.cli.remote;

import com.fasterxml.jackson.databind.JsonNode;
import io.jdht.cli.api.ApiClient.Call;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jdht swarm peers|connect|disconnect|addrs}: the daemon's connections, as {@code ipfs swarm}. */
@Command(name = "swarm", description = "The running daemon's connections: peers, connect, disconnect, addrs.")
public final class SwarmCommand {
    /** The subcommands, registered by {@link io.jdht.cli.Main} (only the one a line names, when it names one). */
    public static final java.util.List<Class<?>> SUBCOMMANDS = java.util.List.of(
            SwarmCommand.Peers.class,
            SwarmCommand.Connect.class,
            SwarmCommand.Disconnect.class,
            SwarmCommand.Addrs.class);

    /** Options every swarm subcommand has. */
    static class Base extends RemoteCommand {
        JsonNode call(String command, List<String> args) throws Exception {
            return api.require(spec).single(Call.of(command, args, Map.of()), api.timeout());
        }


        /** Prints the answer's "Strings" (connect/disconnect), or the JSON with --json. */
        int strings(JsonNode answer) {
            if (json) {
                out().println(answer.toString());
            } else {
                answer.path("Strings").forEach(s -> out().println(s.asText()));
            }
            return 0;
        }
    }

    @Command(name = "peers", description = "List the peers the daemon is connected to (<address>/p2p/<id>).")
    static final class Peers extends Base implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            JsonNode answer = call("swarm/peers", List.of());
            if (json) {
                out().println(answer.toString());
                return 0;
            }
            for (JsonNode p : answer.path("Peers")) {
                out().println(p.path("Addr").asText() + "/p2p/" + p.path("Peer").asText());
            }
            return 0;
        }
    }

    @Command(name = "connect", description = "Open a connection to peers (multiaddrs ending in /p2p/<id>).")
    static final class Connect extends Base implements Callable<Integer> {
        @Parameters(arity = "1..*", paramLabel = "<multiaddr>")
        List<String> peers;

        @Override
        public Integer call() throws Exception {
            return strings(call("swarm/connect", peers));
        }
    }

    @Command(name = "disconnect", description = "Close the connections to peers (multiaddrs ending in /p2p/<id>).")
    static final class Disconnect extends Base implements Callable<Integer> {
        @Parameters(arity = "1..*", paramLabel = "<multiaddr>")
        List<String> peers;

        @Override
        public Integer call() throws Exception {
            return strings(call("swarm/disconnect", peers));
        }
    }

    @Command(name = "addrs", description = "The addresses the daemon knows for each peer.")
    static final class Addrs extends Base implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            JsonNode answer = call("swarm/addrs", List.of());
            if (json) {
                out().println(answer.toString());
                return 0;
            }
            answer.path("Addrs").fields().forEachRemaining(e -> {
                out().println(e.getKey() + " (" + e.getValue().size() + ")");
                e.getValue().forEach(a -> out().println("\t" + a.asText()));
            });
            return 0;
        }
    }
}
