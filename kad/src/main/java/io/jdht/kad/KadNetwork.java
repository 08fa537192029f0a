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
 *
 * <p><b>Time and cancellation are the engine's.</b> The engine times every request itself, on its
 * {@link Scheduler}, and gives up on one by cancelling the future returned here
 * ({@code cancel(false)}, on the DHT executor): when the request timeout passes, when its
 * operation reaches its deadline or is cancelled, or when a lookup ends with the request still
 * out. An implementation needs no timeout of its own; it should watch for the cancellation and
 * free what the request holds (reset the stream, forget the pending answer), and must not rely on
 * the future completing any other way afterwards. A future the engine does not cancel may take as
 * long as the network needs.
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
