package io.jdht.cli;

import io.jdht.crypto.PrivateKey;
import io.jdht.multiformats.Multiaddr;
import io.jdht.net.host.Host;
import io.jdht.node.DhtMode;
import io.jdht.node.Node;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jdht listen}: run a DHT server node (which also answers ping, identify and perf) until
 * stopped (Ctrl-C or SIGTERM), printing its addresses first. With {@code --bootstrap} it joins an
 * existing network; without, it is the first node others join through.
 */
@Command(name = "listen", description = "Run a DHT server node (also answering ping, identify and perf) until stopped.")
final class ListenCommand implements Callable<Integer> {
    /** Largest perf download we serve; a perf client asking for more is refused. */
    static final long MAX_PERF_BYTES = 16L << 30;

    @Spec
    CommandSpec spec;

    @Mixin
    RepoOption repoOption;

    @Option(names = {"-p", "--port"}, defaultValue = "0", description = "TCP port (default: any free port).")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "IP address to listen on (default ${DEFAULT-VALUE}).")
    String bindAddress;

    @Option(names = "--json", description = "Print the addresses as one JSON object.")
    boolean json;

    @Option(names = "--bootstrap", paramLabel = "<multiaddr>",
            description = "A peer to join the DHT through, ending in /p2p/<peer-id> (repeatable).")
    List<String> bootstrap = List.of();

    @Override
    public Integer call() throws Exception {
        if (port < 0 || port > 65535) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--port must be 0..65535, got " + port);
        }
        Multiaddr listen;
        try {
            listen = Multiaddr.parse((bindAddress.contains(":") ? "/ip6/" : "/ip4/") + bindAddress + "/tcp/" + port);
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(
                    spec.commandLine(), "--host '" + bindAddress + "' is not an IP address: " + e.getMessage());
        }
        List<Multiaddr> peers = new java.util.ArrayList<>();
        for (String b : bootstrap) {
            try {
                Multiaddr a = Multiaddr.parse(b);
                if (a.peerIdMultihash().isEmpty()) {
                    throw new IllegalArgumentException("it does not end in /p2p/<peer-id>");
                }
                peers.add(a);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.ParameterException(
                        spec.commandLine(), "--bootstrap '" + b + "': " + e.getMessage());
            }
        }
        PrivateKey key = repoOption.repo().identityOrInit();
        Node node = Node.builder().identity(key).listen(List.of(listen)).bootstrap(peers).mode(DhtMode.SERVER).build();
        node.host().enablePerf(MAX_PERF_BYTES);
        node.start().join();
        Host host = node.host();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            node.close();
            stopped.countDown();
        }, "jdht-shutdown"));
        PrintWriter out = spec.commandLine().getOut();
        List<Multiaddr> addrs = host.listenAddresses().stream().map(a -> a.encapsulate(Multiaddr.parse("/p2p/" + host.peerId()))).toList();
        if (json) {
            var line = Json.object().put("ID", host.peerId().toString());
            line.set("Addresses", Json.array(addrs));
            out.println(Json.line(line));
        } else {
            out.println("Peer ID: " + host.peerId());
            addrs.forEach(a -> out.println("Listening on " + a));
        }
        out.flush();
        stopped.await();
        return 0;
    }
}
