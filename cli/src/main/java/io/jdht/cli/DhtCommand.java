package io.jdht.cli;

import picocli.CommandLine.Command;

/**
 * {@code jdht dht}: the six DHT operations, each run by a short-lived node. Without a subcommand
 * picocli reports the missing subcommand as a usage error.
 */
@Command(name = "dht", description = {
        "Run one DHT operation on the running daemon (found through the repo's api file, or --api),",
        "or with --bootstrap on a short-lived node: a fresh Ed25519 identity, client mode unless --server."})
final class DhtCommand {
    /** The subcommands, registered by {@link io.jdht.cli.Main} (only the one a line names, when it names one). */
    public static final java.util.List<Class<?>> SUBCOMMANDS = java.util.List.of(
            DhtFindPeerCommand.class,
            DhtFindProvsCommand.class,
            DhtGetCommand.class,
            DhtPutCommand.class,
            DhtProvideCommand.class,
            DhtQueryCommand.class);
}
