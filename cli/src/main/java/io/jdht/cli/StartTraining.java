package io.jdht.cli;

import io.jdht.node.Node;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * The training run {@code bin/jdht} makes the JVM's AOT cache from ({@code -XX:AOTCacheOutput}):
 * the commands that should start fast, run once in this JVM, so that the cache holds the classes
 * they load and the profiles of the code they run. It writes only under the folder it is given
 * and talks only to a node of its own on 127.0.0.1; what the commands print is dropped.
 *
 * <p>Two kinds: {@code cli}, the commands that only read the repo or print (help, init, id,
 * config); {@code node}, those and a {@code dht get} on a short-lived node. The JVM loads every
 * class of a cache as it starts, so {@code bin/jdht id} starts faster from the smaller cache
 * (about a fifth less CPU than from the node one), while a command that runs a node of its own
 * needs the network stack in its cache.
 *
 * <p>Usage: {@code java -XX:AOTCacheOutput=<file> -cp jdht.jar io.jdht.cli.StartTraining <empty dir> cli|node}
 */
public final class StartTraining {
    private StartTraining() {}

    public static void main(String[] args) {
        if (args.length != 2 || !(args[1].equals("cli") || args[1].equals("node"))) {
            System.err.println("usage: StartTraining <empty work dir> cli|node");
            System.exit(2);
        }
        boolean node = args[1].equals("node");
        String repo = Path.of(args[0]).resolve("repo").toString();
        PrintStream out = System.out;
        PrintStream err = System.err;
        PrintStream sink = new PrintStream(OutputStream.nullOutputStream());
        System.setOut(sink);
        System.setErr(sink);
        int failed = 0;
        try {
            // the usage and the version: every subcommand's model is built for them
            failed += run(0, "--help");
            failed += run(0, "--version");
            // a new identity and config, then what reads them
            failed += run(0, "init", "--repo", repo, "--profile", "test");
            failed += run(0, "id", "--repo", repo);
            failed += run(0, "id", "--json", "--repo", repo);
            failed += run(0, "config", "show", "--repo", repo);
            failed += run(0, "bootstrap", "list", "--repo", repo);
            failed += run(0, "dht", "get", "--help");
            failed += run(2, "dht", "get"); // a usage error
            if (node) {
                failed += shortLivedGet(repo);
            }
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        System.out.println("StartTraining: " + (failed == 0 ? "all commands ran as expected" : failed + " commands did not"));
        // exit now (the cache is written as the JVM exits), whatever threads a library left behind
        System.exit(failed == 0 ? 0 : 1);
    }

    /**
     * A {@code dht get} on a short-lived node, as {@code jdht dht get --bootstrap} runs it: the node
     * starts, joins through a node in this process, asks for a key nobody stores and stops. Exit 1
     * (not found) is the expected answer; the start, the handshake and the query are what count.
     */
    private static int shortLivedGet(String repo) {
        try (Node peer = Node.builder().listen("/ip4/127.0.0.1/tcp/0").build()) {
            peer.start().join();
            return run(1, "dht", "get", "--repo", repo, "--timeout", "5s",
                    "--bootstrap", peer.addresses().getFirst().toString(), "/jdht-training/none");
        }
    }

    private static int run(int expected, String... args) {
        return Main.run(args) == expected ? 0 : 1;
    }
}
