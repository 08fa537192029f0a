package io.jdht.node.protocol;

import io.jdht.crypto.PeerId;
import io.jdht.kad.KadEngine;
import io.jdht.kad.KadNetwork;
import io.jdht.kad.PeerInfo;
import io.jdht.kad.wire.KadCodec;
import io.jdht.kad.wire.KadMessage;
import io.jdht.kad.wire.KadMessageException;
import io.jdht.multiformats.Multiaddr;
import io.jdht.net.framing.VarintFrameDecoder;
import io.jdht.net.framing.VarintFrameEncoder;
import io.jdht.net.host.Host;
import io.jdht.net.host.PeerStore;
import io.jdht.net.host.Stream;
import io.jdht.net.multistream.MultistreamNegotiator;
import io.jdht.net.multistream.ProtocolRefusedException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.timeout.IdleStateHandler;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The DHT over libp2p: the kad code's {@link KadNetwork}, sending each request on a fresh
 * {@code /ipfs/kad/1.0.0} stream (dialling if needed) and reading one answer, and the server side
 * that installs a {@link KadInboundHandler} on inbound streams. Futures it returns complete on the
 * DHT thread, as the kad code requires.
 *
 * <p>It keeps no request timeout: the engine times each request and cancels the future it got
 * from here when it gives up (see {@link KadNetwork}); the stream is then reset, and the
 * connection manager's hold on the peer released. Dialling and protocol negotiation are bounded
 * by the host's own timeouts.
 */
public final class KadService implements KadNetwork {
    /** How long an address learnt from a lookup answer is kept for dialling. */
    private static final Duration LEARNT_ADDRESS_TTL = PeerStore.TEMP_TTL;

    private final Host host;
    private final Executor dht;
    private final Supplier<List<Multiaddr>> selfAddresses;
    private volatile Consumer<PeerId> onRefusal = peer -> {};

    public KadService(Host host, Executor dht, Supplier<List<Multiaddr>> selfAddresses) {
        this.host = host;
        this.dht = dht;
        this.selfAddresses = selfAddresses;
    }

    /**
     * What to do when a peer refuses {@code /ipfs/kad/1.0.0} (it answered {@code na} to a request
     * sent optimistically): the peer store already forgot that it serves the DHT; the engine should
     * drop it from the routing table. Called on an event loop.
     */
    public void onProtocolRefused(Consumer<PeerId> listener) {
        this.onRefusal = listener;
    }

    /** Starts answering DHT requests (server mode). */
    public void serve(KadEngine engine) {
        host.handle(KadProtocol.ID, stream -> installServer(stream, engine));
    }

    /** Stops answering DHT requests (client mode); streams already open finish. */
    public void stopServing() {
        host.unhandle(KadProtocol.ID);
    }

    private void installServer(Stream stream, KadEngine engine) {
        PeerId remote = stream.connection().remotePeer();
        // the handler reads a request only when the previous answer has left the stream
        stream.channel().config().setAutoRead(false);
        stream.channel().pipeline().addLast(
                new IdleStateHandler(0, 0, (int) KadProtocol.INBOUND_IDLE.toSeconds(), TimeUnit.SECONDS),
                // unfinished request frames are reserved from the stream's resource scope
                new VarintFrameDecoder(KadCodec.MAX_MESSAGE_BYTES),
                VarintFrameEncoder.INSTANCE,
                new KadInboundHandler(engine, dht, remote, host.peerStore()::addresses));
    }

    @Override
    public CompletableFuture<KadMessage> request(PeerInfo peer, KadMessage request) {
        Runnable release = host.connectionManager().hold(peer.id());
        CompletableFuture<KadMessage> answer = new CompletableFuture<>();
        // a peer we are waiting on is not one to trim
        answer.whenComplete((m, e) -> release.run());
        writeOnNewStream(peer, KadCodec.encode(request), answer, ch -> ch.pipeline().addLast(
                new VarintFrameDecoder(KadCodec.MAX_MESSAGE_BYTES),
                new AnswerReader(answer, peer.id())), written -> {});
        return onDhtThread(answer);
    }

    @Override
    public CompletableFuture<Void> send(PeerInfo peer, KadMessage message) {
        CompletableFuture<Void> written = new CompletableFuture<>();
        writeOnNewStream(peer, KadCodec.encode(message), written, ch -> {}, ch -> {
            written.complete(null);
            // FIN after the message: there is no answer to wait for, and a peer that reads until
            // the stream ends (js does) is done with it only then
            ch.close();
        });
        return onDhtThread(written);
    }

    /**
     * Opens a kad stream to the peer (dialling if needed) and writes one framed message. On the
     * stream's event loop, {@code install} adds the reading side before the write and
     * {@code afterWrite} runs once it is out; any failure fails {@code result} and closes the stream.
     * If {@code result} is cancelled (the engine gave up), the stream is reset, at once or as soon
     * as it opens.
     */
    private void writeOnNewStream(PeerInfo peer, byte[] message, CompletableFuture<?> result,
            Consumer<Channel> install, Consumer<Channel> afterWrite) {
        host.connect(peer.id(), peer.addresses())
                .thenCompose(c -> c.newStream(KadProtocol.ID))
                .whenComplete((stream, error) -> {
                    if (error != null) {
                        result.completeExceptionally(error);
                        return;
                    }
                    Channel ch = stream.channel();
                    result.whenComplete((v, e) -> {
                        if (result.isCancelled()) {
                            KadProtocol.reset(ch);
                        }
                    });
                    ch.eventLoop().execute(() -> {
                        if (result.isCancelled()) {
                            return; // given up on while the stream opened: reset above
                        }
                        if (!ch.isActive()) {
                            // closed before this task ran: a refusal of the optimistic proposal
                            // may have come back already, with no handler here to see it
                            Throwable why = MultistreamNegotiator.optimisticFailure(ch).orElseGet(() ->
                                    new java.io.IOException("the kad stream to " + peer.id() + " closed before the request was sent"));
                            if (why instanceof ProtocolRefusedException) {
                                markRefused(peer.id());
                            }
                            result.completeExceptionally(why);
                            return;
                        }
                        ch.pipeline().addLast(VarintFrameEncoder.INSTANCE, new RefusalWatcher(peer.id()));
                        install.accept(ch);
                        ch.writeAndFlush(Unpooled.wrappedBuffer(message)).addListener(f -> {
                            if (f.isSuccess()) {
                                afterWrite.accept(ch);
                            } else {
                                result.completeExceptionally(f.cause());
                                ch.close();
                            }
                        });
                    });
                });
    }

    /**
     * {@code f}, completed on the DHT thread; cancelling the returned future cancels {@code f},
     * which resets its stream.
     */
    private <T> CompletableFuture<T> onDhtThread(CompletableFuture<T> f) {
        CompletableFuture<T> out = new CompletableFuture<>();
        out.whenComplete((v, e) -> {
            if (out.isCancelled()) {
                f.cancel(false);
            }
        });
        f.whenComplete((v, e) -> dht.execute(() -> {
            if (e != null) {
                out.completeExceptionally(e);
            } else {
                out.complete(v);
            }
        }));
        return out;
    }

    @Override
    public List<Multiaddr> addressesOf(PeerId peer) {
        return host.peerStore().addresses(peer);
    }

    @Override
    public void learnAddresses(PeerInfo peer) {
        if (!peer.id().equals(host.peerId())) {
            host.peerStore().addAddresses(peer.id(), peer.addresses(), LEARNT_ADDRESS_TTL);
        }
    }

    @Override
    public boolean isConnected(PeerId peer) {
        return host.connection(peer).isPresent();
    }

    @Override
    public List<Multiaddr> selfAddresses() {
        return selfAddresses.get();
    }

    /** The peer refused the DHT protocol: it no longer counts as serving it, here or in the engine. */
    private void markRefused(PeerId peer) {
        java.util.Set<String> still = new java.util.HashSet<>(host.peerStore().protocols(peer));
        still.remove(KadProtocol.ID);
        host.peerStore().setProtocols(peer, still);
        onRefusal.accept(peer);
    }

    /**
     * Learns, from the optimistic negotiation in front of it, that the peer refused the protocol:
     * the peer is marked as not serving the DHT, and the failure goes on to the reader, if any. A
     * message sent without an answer closes its stream right after it, so its refusal goes unseen;
     * the lookup that precedes such a message has asked the same peers, and caught them.
     */
    private final class RefusalWatcher extends io.netty.channel.ChannelInboundHandlerAdapter {
        private final PeerId peer;

        RefusalWatcher(PeerId peer) {
            this.peer = peer;
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (cause instanceof ProtocolRefusedException) {
                markRefused(peer);
            }
            if (ctx.pipeline().last() == this) {
                ctx.close(); // nobody reads this stream's answer (a message sent without one)
            } else {
                ctx.fireExceptionCaught(cause);
            }
        }
    }

    /** Reads the one answer of an outbound request, then closes the stream. */
    private static final class AnswerReader extends SimpleChannelInboundHandler<ByteBuf> {
        private final CompletableFuture<KadMessage> answer;
        private final PeerId peer;

        AnswerReader(CompletableFuture<KadMessage> answer, PeerId peer) {
            this.answer = answer;
            this.peer = peer;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
            try {
                answer.complete(KadCodec.decode(ByteBufUtil.getBytes(frame)));
            } catch (KadMessageException e) {
                answer.completeExceptionally(e);
            }
            ctx.close();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            answer.completeExceptionally(new java.io.IOException(peer + " closed the kad stream without answering"));
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt instanceof io.netty.channel.socket.ChannelInputShutdownEvent && !answer.isDone()) {
                // the peer finished its side without a word: no answer is coming, fail now, not at the timeout
                answer.completeExceptionally(new java.io.IOException(peer + " ended the kad stream without answering"));
                ctx.close();
                return;
            }
            super.userEventTriggered(ctx, evt);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            answer.completeExceptionally(cause);
            KadProtocol.reset(ctx.channel());
        }
    }
}
