package io.jdht.cli;

import io.jdht.crypto.PeerId;
import io.jdht.kad.PeerInfo;
import io.jdht.kad.QueryListener;
import io.jdht.node.Node;
import io.jdht.node.QueryOptions;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code jdht dht query}: the peers closest to a peer id, found by a FIND_NODE lookup. */
@Command(name = "query", description = "Find the peers closest to a peer id.")
final class DhtQueryCommand extends DhtOperation {
    @Parameters(paramLabel = "<peer-id>", description = "The id whose closest peers to find.")
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
        List<PeerInfo> closest = dht.query(peer, options.timeout, events);
        if (closest.isEmpty()) {
            return nothing("no peers found close to " + peer);
        }
        for (PeerInfo p : closest) {
            out().println(options.json ? Json.line(PeerJson.of(p)) : p.id().toString());
        }
        return 0;
    }
}
