package io.jdht.cli;

import io.jdht.crypto.PeerId;
import io.jdht.cli.repo.RepoOption;
import io.jdht.crypto.PrivateKey;
import io.jdht.daemon.repo.Repo;
import io.jdht.net.host.HostConfig;
import io.jdht.net.host.Host;
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

    @Override
    public Integer call() throws Exception {
        Repo repo = repoOption.repo();
        boolean fresh = !repo.isInitialized();
        PrivateKey key = repo.identityOrInit();
        if (fresh) {
            spec.commandLine().getErr().println("jdht: initialized a new identity at " + repo.dir());
        }
        PeerId id = PeerId.fromPublicKey(key.publicKey());
        List<String> protocols = Host.DEFAULT_PROTOCOLS.stream().sorted().toList();
        String publicKey = Base64.getEncoder().encodeToString(key.publicKey().marshal());
        PrintWriter out = spec.commandLine().getOut();
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
}
