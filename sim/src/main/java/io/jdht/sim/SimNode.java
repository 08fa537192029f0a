package io.jdht.sim;

import io.jdht.crypto.PeerId;
import io.jdht.kad.KadEngine;
import io.jdht.kad.Key;
import io.jdht.kad.PeerInfo;

/**
 * One simulated node: its identity, its own {@link KadEngine} (the same code a real node runs),
 * and what the network model needs to know of it. {@code session} counts its times online, so a
 * connection opened in an earlier session is known to be dead.
 */
final class SimNode {
    final int index;
    final PeerId id;
    /** Its place in the key space, for the simulator's own measurements (the engines compute theirs). */
    final Key key;
    final PeerInfo info;
    final boolean server;
    final boolean dialable;
    /** Never goes offline (the bootstrap nodes, and the stable core under churn decides itself). */
    final boolean stable;
    final Connections connections = new Connections();
    KadEngine engine;
    /** Answers requests about the attacked region as the attacker wants (see {@link Sybils}). */
    boolean sybil;
    boolean online;
    int session;
    /** Traffic of the workload operation this node is running, if any (see {@link Traffic}). */
    Traffic.Op activeOp;

    SimNode(int index, PeerId id, PeerInfo info, boolean server, boolean dialable, boolean stable) {
        this.index = index;
        this.id = id;
        this.key = Key.of(id);
        this.info = info;
        this.server = server;
        this.dialable = dialable;
        this.stable = stable;
    }
}
