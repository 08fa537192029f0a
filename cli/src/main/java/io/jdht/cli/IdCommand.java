package io.jdht.cli;

import io.jdht.crypto.PeerId;
import io.jdht.cli.repo.RepoOption;
import io.jdht.crypto.PrivateKey;
import io.jdht.daemon.repo.Repo;
import io.jdht.net.host.HostConfig;
import io.jdht.net.identify.IdentifyProtocol;
import io.jdht.net.ping.PingProtocol;
import java.io.PrintWriter;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jdht id}: print this node's identity, creating it on first use. */
@Command(name = "id", description = "Print this node's peer id, public key and protocols.")
final class IdCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    RepoOption repoOption;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Option(names = "--api", paramLabel = "<multiaddr>",
            description = "Ask the daemon at this API address (default: the daemon of the repo, if one runs).")
    String api;

    /**
     * {@code Host.DEFAULT_PROTOCOLS}, sorted, from the same compile-time constants: reading the
     * field would initialise {@code Host}, whose logger sets up logging, a cost this command (which
     * logs nothing) need not pay at every start. A test checks that the two lists agree.
     */
    static final List<String> PROTOCOLS =
            java.util.stream.Stream.of(IdentifyProtocol.ID, IdentifyProtocol.PUSH_ID, PingProtocol.ID).sorted().toList();

    @Override
    public Integer call() throws Exception {
        java.util.Optional<io.jdht.multiformats.Multiaddr> apiAddress =
                api != null ? java.util.Optional.of(parseApi()) : java.util.Optional.empty();
        return show(repoOption.repo(), apiAddress, json, spec.commandLine().getOut(), spec.commandLine().getErr());
    }

    /**
     * {@code jdht id} as typed, without an option: run without building the command line, whose
     * classes (picocli's, which the JVM's AOT cache cannot hold) cost most of this command's start.
     * Same output and exit codes as through {@link Main}'s parser.
     */
    static int withoutOptions(java.util.Map<String, String> env, PrintWriter out, PrintWriter err) {
        try {
            return show(Repo.atDefaultLocation(env), java.util.Optional.empty(), false, out, err);
        } catch (Exception e) {
            return CommandFailure.report(err, e);
        } finally {
            out.flush();
            err.flush();
        }
    }

    private static int show(Repo repo, java.util.Optional<io.jdht.multiformats.Multiaddr> api, boolean json,
            PrintWriter out, PrintWriter err) throws Exception {
        java.util.Optional<io.jdht.multiformats.Multiaddr> daemon = api.isPresent() ? api : repo.apiAddress();
        if (daemon.isPresent()) {
            return fromDaemon(new io.jdht.cli.api.ApiClient(daemon.get()), json, out);
        }
        boolean fresh = !repo.isInitialized();
        PrivateKey key = repo.identityOrInit();
        if (fresh) {
            err.println("jdht: initialized a new identity at " + repo.dir());
        }
        PeerId id = PeerId.fromPublicKey(key.publicKey());
        List<String> protocols = PROTOCOLS;
        String publicKey = Base64.getEncoder().encodeToString(key.publicKey().marshal());
        if (json) {
            var node = Json.object().put("ID", id.toString()).put("PublicKey", publicKey);
            node.set("Addresses", Json.array(List.of()));
            node.put("AgentVersion", HostConfig.DEFAULT_AGENT);
            node.set("Protocols", Json.array(protocols));
            out.println(Json.line(node));
        } else {
            out.println("ID:            " + id);
            out.println("CID form:      " + id.toCidString());
            out.println("Key type:      " + key.type());
            out.println("Public key:    " + publicKey);
            out.println("Agent version: " + HostConfig.DEFAULT_AGENT);
            out.println("Protocols:     " + String.join(", ", protocols));
        }
        return 0;
    }

    private io.jdht.multiformats.Multiaddr parseApi() {
        try {
            return io.jdht.multiformats.Multiaddr.parse(api);
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--api '" + api + "' is not a valid multiaddr: " + e.getMessage());
        }
    }

    /** The running daemon's answer: its identity with the addresses it can be dialled at. */
    private static int fromDaemon(io.jdht.cli.api.ApiClient client, boolean json, PrintWriter out) throws Exception {
        var answer = client.single(io.jdht.cli.api.ApiClient.Call.of("id", List.of(), java.util.Map.of()),
                java.time.Duration.ofSeconds(30));
        if (json) {
            out.println(answer.toString());
            return 0;
        }
        out.println("ID:            " + answer.path("ID").asText());
        out.println("Agent version: " + answer.path("AgentVersion").asText());
        out.println("Public key:    " + answer.path("PublicKey").asText());
        answer.path("Addresses").forEach(a -> out.println("Address:       " + a.asText()));
        java.util.List<String> protocols = new java.util.ArrayList<>();
        answer.path("Protocols").forEach(p -> protocols.add(p.asText()));
        out.println("Protocols:     " + String.join(", ", protocols));
        return 0;
    }
}
