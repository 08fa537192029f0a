package io.jdht.cli;

import io.jdht.crypto.PeerId;
import io.jdht.kad.PeerInfo;
import io.jdht.kad.QueryListener;
import io.jdht.multiformats.Multiaddr;
import io.jdht.node.DhtMode;
import io.jdht.node.Node;
import io.jdht.node.QueryOptions;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * One {@code jdht dht} operation: checks the arguments, starts a short-lived node with a fresh
 * Ed25519 identity, joins through the bootstrap peers, runs the operation, prints, and closes the
 * node. A fresh identity keeps the command from colliding with a daemon running with the repo's
 * identity; client mode (the default) because a node that lives for one command should not be
 * put in anyone's routing table.
 */
abstract class DhtOperation implements Callable<Integer> {
    /** Slack on top of {@code --timeout}: the Dht API enforces the deadline itself, this is a backstop. */
    private static final long GRACE_MILLIS = 5_000;

    @Spec
    CommandSpec spec;

    @Mixin
    DhtOptions options;

    /** Checks the operation's own arguments, before any node is started (usage errors exit 2). */
    abstract void checkArguments();

    /** Runs the operation on the started node and prints the result; returns the exit code. */
    abstract int execute(Node node, QueryOptions query, QueryListener events) throws Exception;

    @Override
    public final Integer call() throws Exception {
        List<Multiaddr> bootstrap = options.bootstrapAddresses(spec);
        Multiaddr listen = options.listenAddress(spec);
        checkArguments();
        QueryListener events = options.verbose ? new EventPrinter(err()) : QueryListener.NONE;
        try (Node node = Node.builder()
                .listen(List.of(listen))
                .mode(options.server ? DhtMode.SERVER : DhtMode.CLIENT)
                .bootstrap(bootstrap)
                .build()) {
            await(node.start());
            String joinFailure = join(node, bootstrap);
            if (joinFailure != null) {
                return nothing(joinFailure);
            }
            int code = execute(node, QueryOptions.timeout(options.timeout), events);
            out().flush();
            return code;
        }
    }

    /**
     * Checks that the node got into the DHT, reporting it itself rather than through the node's
     * log, so that a failed join is one line on stderr like any other failure.
     */
    private String join(Node node, List<Multiaddr> bootstrap) throws Exception {
        List<PeerInfo> table = await(node.routingTable());
        int reached = 0;
        for (Multiaddr a : bootstrap) {
            PeerId peer = PeerId.fromBytes(a.peerIdMultihash().orElseThrow().toBytes());
            if (node.host().connection(peer).isPresent()) {
                reached++;
            } else if (options.verbose) {
                err().println("Bootstrap peer " + a + " could not be reached");
            }
        }
        if (table.isEmpty()) {
            return "could not join the DHT: none of the " + bootstrap.size()
                    + " --bootstrap peers could be reached or serves the DHT";
        }
        if (options.verbose) {
            err().println("Joined through " + reached + " of " + bootstrap.size()
                    + " bootstrap peers; " + table.size() + " peers in the routing table");
            err().flush();
        }
        return null;
    }

    /** Waits for a DHT future, no longer than the timeout (plus a little); failures propagate as exit 1. */
    <T> T await(CompletableFuture<T> future) throws Exception {
        return future.get(options.timeout.toMillis() + GRACE_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Reports an operation that ran but came back empty-handed: one line on stderr, exit 1. */
    int nothing(String message) {
        err().println("jdht: " + message);
        err().flush();
        return 1;
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
