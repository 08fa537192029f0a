package io.jdht.node.protocol;

import java.time.Duration;

/** Constants of {@code /ipfs/kad/1.0.0} on libp2p streams. */
public final class KadProtocol {
    /** The Amino DHT's protocol id. */
    public static final String ID = "/ipfs/kad/1.0.0";
    /** An inbound stream with no request for this long is closed (go uses one minute). */
    public static final Duration INBOUND_IDLE = Duration.ofMinutes(1);
    /** Requests one inbound stream may have waiting for the DHT thread before it is closed as a flood. */
    public static final int MAX_PENDING_PER_STREAM = 16;
    /**
     * Bytes of answers one connection's inbound kad streams may hold unsent (written, but not yet
     * taken by yamux because the asker does not read). Each stream holds one answer at most, and
     * an answer is at most 4 MiB, so this is four of the largest; an answer past it resets its
     * stream. Without it, a peer opening hundreds of streams of large GET_VALUE answers and reading
     * none would make us hold hundreds of answers for the minute the idle timer takes.
     */
    public static final long MAX_UNSENT_ANSWER_BYTES = 16L << 20;

    private KadProtocol() {}

    /**
     * Abandons a stream with a reset, not a FIN: the other side learns at once that nothing more
     * is coming, and the stream's state goes on both sides now instead of after the peer's FIN.
     */
    static void reset(io.netty.channel.Channel stream) {
        if (stream instanceof io.jdht.net.yamux.YamuxStream yamux) {
            yamux.reset();
        } else {
            stream.close();
        }
    }
}
