package io.jdht.cli;

import io.jdht.crypto.PeerId;
import io.jdht.multiformats.Multiaddr;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** A multiaddr argument that must name the peer it leads to, e.g. {@code /ip4/1.2.3.4/tcp/4001/p2p/12D3…}. */
record PeerAddress(Multiaddr address, PeerId peer) {

    /** Parses a user's argument, failing as a usage error (exit 2) that says what was wrong. */
    static PeerAddress parse(CommandSpec spec, String text) {
        Multiaddr ma;
        try {
            ma = Multiaddr.parse(text);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "<multiaddr> '" + text + "' is not a valid multiaddr: " + e.getMessage());
        }
        return ma.peerIdMultihash()
                .map(mh -> new PeerAddress(ma, PeerId.fromBytes(mh.toBytes())))
                .orElseThrow(() -> new CommandLine.ParameterException(
                        spec.commandLine(),
                        "<multiaddr> '" + text + "' must end in /p2p/<peer-id> so that the peer can be verified"));
    }
}
