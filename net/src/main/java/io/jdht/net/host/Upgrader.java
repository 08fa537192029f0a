package io.jdht.net.host;

import io.jdht.crypto.PeerId;
import io.jdht.multiformats.Multiaddr;
import io.jdht.net.multistream.MultistreamNegotiator;
import io.jdht.net.noise.NoiseHandshakeHandler;
import io.jdht.net.noise.SecureSession;
import io.jdht.net.resources.ResourceManager;
import io.jdht.net.resources.ResourceScope;
import io.jdht.net.yamux.YamuxConfig;
import io.jdht.net.yamux.YamuxSession;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns TCP channels into {@link Connection}s: multistream-select to {@code /noise}, the Noise XX
 * handshake, multistream-select to {@code /yamux/1.0.0} unless the handshake agreed on the muxer
 * already, then a yamux session whose inbound streams are negotiated against the host's protocol
 * handlers.
 *
 * <p>The same steps run for both directions; the dialer is the initiator at every step. With the
 * default {@link WireOptions} the dialer does not wait for any multistream echo (its first Noise
 * message follows {@code /noise} in the same flight), and both sides list yamux in the handshake,
 * so a dial costs the TCP handshake and one and a half Noise round trips, and the first request
 * leaves with the last Noise message. Any failure closes the TCP channel, which fails the pending
 * connection future with the reason.
 */
final class Upgrader {
    static final String NOISE = "/noise";
    static final String YAMUX = "/yamux/1.0.0";
    private static final Logger LOG = LoggerFactory.getLogger(Upgrader.class);

    private final HostConfig config;
    private final EventLoopGroup group;
    private final Map<String, StreamHandler> handlers;
    private final ConnectionManager connections;
    private final ResourceManager resources;
    private final StreamScopes streamScopes;
    private final Consumer<Connection> onConnection;
    private final Duration negotiationTimeout;
    private final YamuxConfig yamuxConfig;
    private final WireOptions wire;
    private final List<String> inlinedMuxers;
    /** Noise ephemeral and static keys need cryptographic randomness; one thread-safe source serves all. */
    private final java.security.SecureRandom keyRandom = new java.security.SecureRandom();

    Upgrader(
            HostConfig config,
            EventLoopGroup group,
            Map<String, StreamHandler> handlers,
            ConnectionManager connections,
            ResourceManager resources,
            Consumer<Connection> onConnection) {
        this.resources = resources;
        this.streamScopes = new StreamScopes(resources);
        this.config = config;
        this.group = group;
        this.handlers = handlers;
        this.connections = connections;
        this.onConnection = onConnection;
        this.negotiationTimeout = config.handshakeTimeout();
        this.yamuxConfig = YamuxConfig.DEFAULT.withMaxStreams(config.limits().maxStreamsPerConnection());
        this.wire = config.wire();
        this.inlinedMuxers = wire.inlinedMuxer() ? List.of(YAMUX) : List.of();
    }

    /** Binds a listener on a TCP multiaddr. */
    CompletableFuture<Channel> listen(Multiaddr address) {
        if (!TcpAddresses.isDialable(address)) {
            return CompletableFuture.failedFuture(
                    new IllegalArgumentException("can only listen on /ip4/…/tcp/… or /ip6/…/tcp/…, not " + address));
        }
        CompletableFuture<Channel> result = new CompletableFuture<>();
        new ServerBootstrap()
                .group(group)
                .channel(NettyTransport.serverChannel(group))
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        InetSocketAddress remote = ch.remoteAddress();
                        ConnectionManager.Pending slot = connections.admitInbound(remote.getAddress());
                        if (slot == null) {
                            ch.close();
                            return;
                        }
                        upgrade(ch, Direction.INBOUND, Optional.empty(), slot, new CompletableFuture<>());
                    }
                })
                .bind(TcpAddresses.toSocketAddress(address))
                .addListener(f -> {
                    if (f.isSuccess()) {
                        result.complete(((io.netty.channel.ChannelFuture) f).channel());
                    } else {
                        result.completeExceptionally(f.cause());
                    }
                });
        return result;
    }

    /** Dials one {@code /ip4} or {@code /ip6} TCP address and upgrades the connection, expecting {@code peer} at the other end. */
    CompletableFuture<Connection> dial(Multiaddr address, PeerId peer) {
        java.net.SocketAddress target;
        try {
            target = TcpAddresses.toSocketAddress(address);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        ConnectionManager.Pending slot = connections.admitOutbound();
        if (slot == null) {
            return CompletableFuture.failedFuture(
                    new DialException("cannot dial " + address + ": the connection limit is reached"));
        }
        CompletableFuture<Connection> result = new CompletableFuture<>();
        Bootstrap b = new Bootstrap()
                .group(group)
                .channel(NettyTransport.socketChannel(group))
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) config.dialTimeout().toMillis())
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        upgrade(ch, Direction.OUTBOUND, Optional.of(peer), slot, result);
                    }
                });
        b.connect(target).addListener(f -> {
            if (!f.isSuccess()) {
                slot.finish();
                result.completeExceptionally(f.cause());
            }
        });
        return result;
    }

    private void upgrade(SocketChannel ch, Direction direction, Optional<PeerId> expected,
            ConnectionManager.Pending slot, CompletableFuture<Connection> result) {
        boolean initiator = direction == Direction.OUTBOUND;
        ResourceScope scope = resources.newConnection(String.valueOf(ch.remoteAddress()));
        ResourceScope transport = resources.newTransport(String.valueOf(ch.remoteAddress()));
        ch.attr(ResourceScope.KEY).set(scope);
        ch.attr(ResourceScope.TRANSPORT_KEY).set(transport);
        ch.closeFuture().addListener(f -> {
            slot.closed();
            scope.close();
            transport.close();
            result.completeExceptionally(
                    new DialException("connection closed during the upgrade" + failureReason(ch)));
        });
        result.whenComplete((c, e) -> slot.finish());
        if (wire.oneWayDelay().isPositive()) {
            ch.pipeline().addLast("simulated-delay", new SimulatedDelay(wire.oneWayDelay()));
        }
        ch.pipeline().addLast("security-select", negotiator(initiator, NOISE, (c, protocol) -> {
            NoiseHandshakeHandler noise = new NoiseHandshakeHandler(
                    initiator, config.identity(), expected, config.handshakeTimeout(), keyRandom, inlinedMuxers);
            c.pipeline().addLast("noise", noise);
            noise.handshakeFuture().whenComplete((session, err) -> {
                if (err != null) {
                    remember(ch, err);
                    result.completeExceptionally(err);
                    ch.close();
                    return;
                }
                if (session.muxer().isPresent()) {
                    // agreed inside the handshake: no multistream-select round for the muxer
                    startMuxer(ch, direction, session, result);
                    return;
                }
                c.pipeline().addLast("muxer-select", negotiator(initiator, YAMUX,
                        (c2, p2) -> startMuxer(ch, direction, session, result)));
            });
        }));
    }

    private void startMuxer(SocketChannel ch, Direction direction, SecureSession session, CompletableFuture<Connection> result) {
        PeerId remote = session.remotePeer();
        ch.attr(PEER_SCOPE).set(resources.holdPeer(remote));
        ch.closeFuture().addListener(f -> resources.releasePeer(remote));
        Connection[] holder = new Connection[1];
        YamuxSession yamux = YamuxSession.install(ch, direction == Direction.OUTBOUND, yamuxConfig,
                new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel stream) {
                        acceptStream(stream, holder[0]);
                    }
                });
        Connection connection = new Connection(
                ch,
                session.remotePeer(),
                session.remoteKey(),
                direction,
                TcpAddresses.fromSocketAddress(ch.remoteAddress()),
                TcpAddresses.fromSocketAddress(ch.localAddress()),
                config.clock().instant(),
                (conn, protocols) -> openStream(yamux, conn, protocols));
        holder[0] = connection;
        ch.attr(Connection.KEY).set(connection);
        // register before completing: whoever waits on the dial may use the host at once
        onConnection.accept(connection);
        result.complete(connection);
        LOG.debug("{} secured and multiplexed", connection);
    }

    /** Negotiates an inbound stream against the handlers registered now, then hands it over. */
    private void acceptStream(Channel stream, Connection connection) {
        if (!streamScopes.open(stream)) {
            LOG.debug("resetting stream from {}: it has as many streams open as a peer may", connection.remotePeer());
            StreamScopes.reset(stream);
            return;
        }
        stream.pipeline().addLast(MultistreamNegotiator.responder(
                handlers::containsKey,
                negotiationTimeout,
                (ch, protocol) -> {
                    StreamHandler handler = handlers.get(protocol);
                    if (handler == null) {
                        ch.close(); // unregistered between negotiation and now
                        return;
                    }
                    if (!streamScopes.joinProtocol(ch, protocol)) {
                        StreamScopes.reset(ch);
                        return;
                    }
                    handler.handle(new Stream(ch, protocol, connection));
                }));
    }

    private CompletableFuture<Stream> openStream(YamuxSession yamux, Connection connection, List<String> protocols) {
        CompletableFuture<Stream> result = new CompletableFuture<>();
        yamux.openStream(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel stream) {
                if (!streamScopes.open(stream)) {
                    result.completeExceptionally(new java.io.IOException("too many streams open to "
                            + connection.remotePeer() + " (" + config.limits().maxStreamsPerPeer() + " per peer)"));
                    StreamScopes.reset(stream);
                    return;
                }
                MultistreamNegotiator.OnAgreed agreed = (ch, protocol) -> {
                    if (streamScopes.joinProtocol(ch, protocol)) {
                        result.complete(new Stream(ch, protocol, connection));
                    } else {
                        result.completeExceptionally(new java.io.IOException(
                                "no memory left for protocol " + protocol));
                        StreamScopes.reset(ch);
                    }
                };
                // one protocol: the caller's first message follows the proposal without waiting
                // for the echo; a refusal reaches the caller's handlers as a ProtocolRefusedException
                MultistreamNegotiator negotiator = protocols.size() == 1 && wire.optimisticSelect()
                        ? MultistreamNegotiator.optimistic(protocols.getFirst(), negotiationTimeout, agreed)
                        : MultistreamNegotiator.initiator(protocols, negotiationTimeout, agreed);
                // the negotiation's own reason (a refusal, garbage) before the stream's closing
                negotiator.result().whenComplete((p, e) -> {
                    if (e != null) {
                        result.completeExceptionally(e);
                    }
                });
                stream.pipeline().addLast(negotiator);
                stream.closeFuture().addListener(f -> result.completeExceptionally(new java.io.IOException(
                        "stream to " + connection.remotePeer() + " closed before agreeing on any of " + protocols)));
            }
        }).addListener(f -> {
            if (!f.isSuccess()) {
                result.completeExceptionally(f.cause());
            }
        });
        return result;
    }

    private MultistreamNegotiator negotiator(boolean initiator, String protocol, MultistreamNegotiator.OnAgreed next) {
        if (!initiator) {
            return MultistreamNegotiator.responder(Set.of(protocol)::contains, negotiationTimeout, next);
        }
        return wire.optimisticSelect()
                ? MultistreamNegotiator.optimistic(protocol, negotiationTimeout, next)
                : MultistreamNegotiator.initiator(List.of(protocol), negotiationTimeout, next);
    }

    /** The scope of the peer at the other end, kept on the connection channel once the handshake names it. */
    static final io.netty.util.AttributeKey<ResourceScope> PEER_SCOPE =
            io.netty.util.AttributeKey.valueOf(Upgrader.class, "peer-scope");

    private static final io.netty.util.AttributeKey<Throwable> FAILURE =
            io.netty.util.AttributeKey.valueOf(Upgrader.class, "failure");

    private static void remember(Channel ch, Throwable err) {
        ch.attr(FAILURE).setIfAbsent(err);
    }

    private static String failureReason(Channel ch) {
        Throwable t = ch.attr(FAILURE).get();
        return t == null ? "" : ": " + t.getMessage();
    }
}
