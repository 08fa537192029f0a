package io.jdht.cli;

import io.jdht.crypto.PeerId;
import io.jdht.net.host.Host;
import io.jdht.net.identify.IdentifyInfo;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jdht identify}: dial a peer and print what it says about itself in identify. */
@Command(name = "identify", description = "Dial a peer and print its identify answer.")
final class IdentifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Option(names = "--timeout", defaultValue = "30s", converter = DurationConverter.class,
            description = "Time allowed for the dial and identify (default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Parameters(paramLabel = "<multiaddr>", description = "Address ending in /p2p/<peer-id>.")
    String address;

    @Override
    public Integer call() throws Exception {
        PeerAddress target = PeerAddress.parse(spec, address);
        PrintWriter out = spec.commandLine().getOut();
        try (Host host = ClientHost.start()) {
            var connection = host.connect(target.address()).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            IdentifyInfo info = connection.identified().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            print(out, connection.remotePeer(), info);
        }
        return 0;
    }

    private void print(PrintWriter out, PeerId peer, IdentifyInfo info) {
        String key = info.publicKey().map(k -> Base64.getEncoder().encodeToString(k.marshal())).orElse("");
        if (json) {
            var node = Json.object()
                    .put("ID", peer.toString())
                    .put("PublicKey", key)
                    .put("AgentVersion", info.agentVersion().orElse(""))
                    .put("ProtocolVersion", info.protocolVersion().orElse(""));
            node.set("Addresses", Json.array(info.listenAddrs()));
            node.set("Protocols", Json.array(info.protocols().stream().sorted().toList()));
            node.put("ObservedAddr", info.observedAddr().map(Object::toString).orElse(""));
            out.println(Json.line(node));
            return;
        }
        out.println("ID:               " + peer);
        out.println("Agent version:    " + info.agentVersion().orElse("(none)"));
        out.println("Protocol version: " + info.protocolVersion().orElse("(none)"));
        out.println("Public key:       " + key);
        out.println("Observed address: " + info.observedAddr().map(Object::toString).orElse("(none)"));
        out.println("Listen addresses:");
        info.listenAddrs().forEach(a -> out.println("  " + a));
        out.println("Protocols:");
        info.protocols().stream().sorted().forEach(p -> out.println("  " + p));
    }
}
