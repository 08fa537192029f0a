package io.jdht.net.host;

import io.jdht.crypto.PeerId;
import io.jdht.crypto.PublicKey;
import io.jdht.multiformats.Multiaddr;
import io.jdht.net.identify.IdentifyInfo;
import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One secured, multiplexed connection to a peer: a TCP channel carrying Noise and yamux, on which
 * streams are opened and accepted.
 *
 * <p>The connection's TCP channel holds the instance under {@link #KEY}, so that a stream handler
 * can find the connection from any stream channel through {@code stream.parent()}.
 */
public final class Connection {
    /** Where a connection channel keeps its {@code Connection}. */
    public static final AttributeKey<Connection> KEY = AttributeKey.valueOf(Connection.class, "connection");

    private final Channel channel;
    private final PeerId remotePeer;
    private final PublicKey remoteKey;
    private final Direction direction;
    private final Multiaddr remoteAddress;
    private final Multiaddr localAddress;
    private final Instant openedAt;
    private final StreamOpener opener;
    private final CompletableFuture<IdentifyInfo> identified = new CompletableFuture<>();

    /** Opens a negotiated stream on a connection; the upgrader supplies it once yamux is up. */
    @FunctionalInterface
    interface StreamOpener {
        CompletableFuture<Stream> open(Connection connection, List<String> protocols);
    }

    Connection(
            Channel channel,
            PeerId remotePeer,
            PublicKey remoteKey,
            Direction direction,
            Multiaddr remoteAddress,
            Multiaddr localAddress,
            Instant openedAt,
            StreamOpener opener) {
        this.channel = channel;
        this.remotePeer = remotePeer;
        this.remoteKey = remoteKey;
        this.direction = direction;
        this.remoteAddress = remoteAddress;
        this.localAddress = localAddress;
        this.openedAt = openedAt;
        this.opener = opener;
    }

    public PeerId remotePeer() {
        return remotePeer;
    }

    public PublicKey remoteKey() {
        return remoteKey;
    }

    public Direction direction() {
        return direction;
    }

    /** The remote end of the TCP connection, e.g. {@code /ip4/10.0.0.5/tcp/53412}. */
    public Multiaddr remoteAddress() {
        return remoteAddress;
    }

    public Multiaddr localAddress() {
        return localAddress;
    }

    public Instant openedAt() {
        return openedAt;
    }

    /** The underlying TCP channel. */
    public Channel channel() {
        return channel;
    }

    public boolean isOpen() {
        return channel.isActive();
    }

    /** Yamux streams open on this connection now (0 once it is closed); for metrics. */
    public int streamCount() {
        io.jdht.net.yamux.YamuxSession session = channel.pipeline().get(io.jdht.net.yamux.YamuxSession.class);
        return session == null ? 0 : session.streamCount();
    }

    /** Completes with the remote's identify answer, which the host asks for on every new connection. */
    public CompletableFuture<IdentifyInfo> identified() {
        return identified;
    }

    CompletableFuture<IdentifyInfo> identifiedPromise() {
        return identified;
    }

    /**
     * Opens a stream and negotiates the first of {@code protocols} the remote supports; fails if it
     * supports none of them.
     */
    public CompletableFuture<Stream> newStream(List<String> protocols) {
        if (protocols.isEmpty()) {
            throw new IllegalArgumentException("newStream needs at least one protocol");
        }
        return opener.open(this, List.copyOf(protocols));
    }

    public CompletableFuture<Stream> newStream(String protocol) {
        return newStream(List.of(protocol));
    }

    /** Closes the connection and every stream on it. */
    public CompletableFuture<Void> close() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        channel.close().addListener(f -> done.complete(null));
        return done;
    }

    @Override
    public String toString() {
        return direction.name().toLowerCase(java.util.Locale.ROOT) + " connection to " + remotePeer + " at " + remoteAddress;
    }
}
