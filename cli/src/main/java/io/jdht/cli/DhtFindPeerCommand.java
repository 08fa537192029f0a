package io.jdht.cli;

import io.jdht.crypto.PeerId;
import io.jdht.kad.PeerInfo;
import io.jdht.kad.QueryListener;
import io.jdht.node.Node;
import io.jdht.node.QueryOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code jdht dht findpeer}: the addresses of a peer, found through the DHT. */
@Command(name = "findpeer", description = "Find a peer's addresses.")
final class DhtFindPeerCommand extends DhtOperation {
    @Parameters(paramLabel = "<peer-id>", description = "The peer to find.")
    String peerText;

    private PeerId peer;

    @Override
    void checkArguments() {
        peer = DhtArgs.peerId(spec, peerText);
    }

    @Override
    byte[] target() {
        return peer.toBytes();
    }

    @Override
    int execute(DhtBackend dht, QueryListener events) throws Exception {
        PeerInfo found = dht.findPeer(peer, options.timeout, events);
        if (found.addresses().isEmpty()) {
            return nothing("found " + peer + " but no addresses for it");
        }
        if (options.json) {
            out().println(Json.line(PeerJson.of(found)));
        } else {
            out().println(found.id());
            found.addresses().forEach(a -> out().println(a));
        }
        return 0;
    }
}
