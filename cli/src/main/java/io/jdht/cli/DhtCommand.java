package io.jdht.cli;

import picocli.CommandLine.Command;

/**
 * {@code jdht dht}: the six DHT operations, each run by a short-lived node. Without a subcommand
 * picocli reports the missing subcommand as a usage error.
 */
@Command(name = "dht", description = {
        "Run one DHT operation from a short-lived node that joins through --bootstrap peers.",
        "Each run uses a fresh Ed25519 identity (not the repo's) and, unless --server, client mode."},
        subcommands = {
            DhtFindPeerCommand.class,
            DhtFindProvsCommand.class,
            DhtGetCommand.class,
            DhtPutCommand.class,
            DhtProvideCommand.class,
            DhtQueryCommand.class
        })
final class DhtCommand {}
