package io.jdht.cli.remote;

import com.fasterxml.jackson.databind.JsonNode;
import io.jdht.cli.api.ApiClient.Call;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jdht name publish|resolve}: IPNS names over the DHT, through the daemon, as {@code ipfs name}. */
@Command(name = "name", description = "IPNS names through the running daemon: publish, resolve.")
public final class NameCommand {
    /** The subcommands, registered by {@link io.jdht.cli.Main} (only the one a line names, when it names one). */
    public static final java.util.List<Class<?>> SUBCOMMANDS = java.util.List.of(
            NameCommand.Publish.class,
            NameCommand.Resolve.class);

    @Command(name = "publish", description = "Publish a path (/ipfs/<cid>, /ipns/<name> or a CID) under the daemon's name.")
    static final class Publish extends RemoteCommand implements Callable<Integer> {
        @Parameters(paramLabel = "<path>")
        String path;

        @Option(names = "--lifetime", paramLabel = "<duration>", description = "How long the record is valid (default: Ipns.RecordLifetime).")
        String lifetime;

        @Option(names = "--ttl", paramLabel = "<duration>", description = "How long resolvers may cache it (default 1h).")
        String ttl;

        @Override
        public Integer call() throws Exception {
            Map<String, String> o = new HashMap<>();
            if (lifetime != null) {
                o.put("lifetime", lifetime);
            }
            if (ttl != null) {
                o.put("ttl", ttl);
            }
            JsonNode answer = api.require(spec).single(Call.of("name/publish", List.of(path), o), api.timeout());
            out().println(json ? answer.toString()
                    : "Published to " + answer.path("Name").asText() + ": " + answer.path("Value").asText());
            return 0;
        }
    }

    @Command(name = "resolve", description = "The path a name points at (the daemon's own name if none is given).")
    static final class Resolve extends RemoteCommand implements Callable<Integer> {
        @Parameters(arity = "0..1", paramLabel = "<name>")
        String name;

        @Option(names = {"-r", "--recursive"}, defaultValue = "true", negatable = true, fallbackValue = "true",
                description = "Follow /ipns/ values to an /ipfs/ path (default true).")
        boolean recursive;

        @Override
        public Integer call() throws Exception {
            Map<String, String> o = new HashMap<>();
            o.put("recursive", Boolean.toString(recursive));
            JsonNode answer = api.require(spec).single(
                    Call.of("name/resolve", name == null ? List.of() : List.of(name), o), api.timeout());
            out().println(json ? answer.toString() : answer.path("Path").asText());
            return 0;
        }
    }
}
