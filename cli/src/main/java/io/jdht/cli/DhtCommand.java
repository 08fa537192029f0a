package io.jdht.cli;

import picocli.CommandLine.Command;

/**
 * {@code jdht dht}: the six DHT operations, each run by a short-lived node. Without a subcommand
 * picocli reports the missing subcommand as a usage error.
 */
@Command(name = "dht", description = {
        "Run one DHT operation on the running daemon (found through the repo's api file, or --api),",
        "or with --bootstrap on a short-lived node: a fresh Ed25519 identity, client mode unless --server."},
        subcommands = {
            DhtFindPeerCommand.class,
            DhtFindProvsCommand.class,
            DhtGetCommand.class,
            DhtPutCommand.class,
            DhtProvideCommand.class,
            DhtQueryCommand.class
        })
final class DhtCommand {}
