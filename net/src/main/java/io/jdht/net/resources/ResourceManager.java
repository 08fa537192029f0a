package io.jdht.net.resources;

import io.jdht.crypto.PeerId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The scopes of one host: the node, one per protocol, one per connected peer, and the connections
 * and streams under them. It hands out scopes; the code that fills a buffer reserves from them.
 *
 * <p>A peer's scope lives while the peer has connections: each connection takes a hold on it when
 * the handshake names the peer and lets go when it closes, and the last one out removes it.
 */
public final class ResourceManager {
    /** The most a connection's secure channel holds of an unfinished frame: one Noise frame. */
    static final long TRANSPORT_BYTES = 2 + 65_535;

    private final MemoryLimits memory;
    private final int maxStreamsPerPeer;
    private final ResourceScope node;
    private final Map<String, ResourceScope> protocols = new ConcurrentHashMap<>();
    private final Map<PeerId, PeerScope> peers = new ConcurrentHashMap<>();

    private static final class PeerScope {
        final ResourceScope scope;
        int holders;

        PeerScope(ResourceScope scope) {
            this.scope = scope;
        }
    }

    /** @param maxStreamsPerPeer streams one peer may have open across all its connections */
    public ResourceManager(MemoryLimits memory, int maxStreamsPerPeer) {
        this.memory = memory;
        this.maxStreamsPerPeer = maxStreamsPerPeer;
        this.node = new ResourceScope("node", memory.node(), Integer.MAX_VALUE, List.of());
    }

    public MemoryLimits limits() {
        return memory;
    }

    public ResourceScope node() {
        return node;
    }

    /** A connection's scope, made when the TCP connection is accepted or dialled. */
    public ResourceScope newConnection(String description) {
        return node.child("connection " + description, memory.connection(), Integer.MAX_VALUE);
    }

    /**
     * The scope of a connection's secure-channel buffer, made with the connection: under the node
     * only, at most one Noise frame (2 + 65,535 bytes).
     */
    public ResourceScope newTransport(String description) {
        return node.child("transport " + description, TRANSPORT_BYTES, 0);
    }

    /** The scope of {@code peer}, held until {@link #releasePeer} is called as often as this. */
    public ResourceScope holdPeer(PeerId peer) {
        return peers.compute(peer, (id, existing) -> {
            PeerScope p = existing != null ? existing
                    : new PeerScope(node.child("peer " + id, memory.peer(), maxStreamsPerPeer));
            p.holders++;
            return p;
        }).scope;
    }

    public void releasePeer(PeerId peer) {
        peers.computeIfPresent(peer, (id, p) -> --p.holders > 0 ? p : null);
    }

    /** A stream's scope, under its connection and its peer's scope. */
    public ResourceScope newStream(ResourceScope connection, ResourceScope peer, int streamId) {
        return connection.child("stream " + streamId, memory.stream(), 1, peer);
    }

    /** The scope of one protocol's streams, made on first use. */
    public ResourceScope protocol(String protocolId) {
        return protocols.computeIfAbsent(protocolId,
                id -> node.child("protocol " + id, memory.protocol(), Integer.MAX_VALUE));
    }

    /** The scopes of protocols in use, for statistics. */
    public Map<String, ResourceScope> protocols() {
        return Map.copyOf(protocols);
    }

    /** How many peers hold a scope now (peers with a live connection). */
    public int peerScopes() {
        return peers.size();
    }
}
