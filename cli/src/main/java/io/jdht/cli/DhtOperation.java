package io.jdht.cli;

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
            int code = execute(node, QueryOptions.timeout(options.timeout), events);
            out().flush();
            return code;
        }
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
