package io.jdht.kad;

import io.jdht.crypto.PeerId;
import io.jdht.kad.wire.KadMessage;
import io.jdht.multiformats.Multiaddr;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What the DHT logic needs from a network: the real node implements it over libp2p streams, the
 * simulator over virtual time. Every future returned here must complete on the DHT's own serial
 * executor (the thread that calls into {@link KadEngine}), never on another thread.
 */
public interface KadNetwork {
    /**
     * Sends a request and completes with the answer; dials the peer at its known addresses if it
     * is not connected. Fails if the peer cannot be reached, the stream breaks or the answer is
     * malformed.
     */
    CompletableFuture<KadMessage> request(PeerInfo peer, KadMessage request);

    /** Sends a message that has no answer (ADD_PROVIDER); completes once it is written. */
    CompletableFuture<Void> send(PeerInfo peer, KadMessage message);

    /** The addresses this node knows for a peer (possibly none). */
    List<Multiaddr> addressesOf(PeerId peer);

    /** Addresses learnt from a lookup, kept for a while so the peer can be dialled. */
    void learnAddresses(PeerInfo peer);

    /** Whether a connection to the peer is open now. */
    boolean isConnected(PeerId peer);

    /** This node's own addresses, as it announces them in provider records. */
    List<Multiaddr> selfAddresses();
}
