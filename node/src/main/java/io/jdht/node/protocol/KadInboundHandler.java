package io.jdht.node.protocol;

import io.jdht.crypto.PeerId;
import io.jdht.kad.KadEngine;
import io.jdht.kad.PeerInfo;
import io.jdht.kad.record.InvalidRecordException;
import io.jdht.kad.record.StoreFullException;
import io.jdht.kad.wire.KadCodec;
import io.jdht.kad.wire.KadMessage;
import io.jdht.kad.wire.KadMessageException;
import io.jdht.multiformats.Multiaddr;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.timeout.IdleStateEvent;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves DHT requests on one inbound stream: each length-prefixed frame is decoded, answered on the
 * DHT thread and the answer written back, in order; a stream may carry many requests (go reuses
 * them). Bad bytes, an invalid record in a PUT_VALUE, too many requests queued at once or a minute
 * of silence close this stream, never the connection or the node.
 */
final class KadInboundHandler extends SimpleChannelInboundHandler<ByteBuf> {
    private static final Logger LOG = LoggerFactory.getLogger(KadInboundHandler.class);

    private final KadEngine engine;
    private final Executor dht;
    private final PeerId remote;
    private final Function<PeerId, List<Multiaddr>> addresses;
    private int pending;
    private boolean inputDone;
    private boolean aborted;

    KadInboundHandler(KadEngine engine, Executor dht, PeerId remote, Function<PeerId, List<Multiaddr>> addresses) {
        this.engine = engine;
        this.dht = dht;
        this.remote = remote;
        this.addresses = addresses;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
        if (aborted) {
            return;
        }
        KadMessage request;
        try {
            request = KadCodec.decode(ByteBufUtil.getBytes(frame));
        } catch (KadMessageException e) {
            LOG.info("resetting kad stream from {}: {}", remote, e.getMessage());
            abort(ctx);
            return;
        }
        if (++pending > KadProtocol.MAX_PENDING_PER_STREAM) {
            LOG.info("resetting kad stream from {}: more than {} requests waiting", remote, KadProtocol.MAX_PENDING_PER_STREAM);
            abort(ctx);
            return;
        }
        PeerInfo from = new PeerInfo(remote, addresses.apply(remote));
        try {
            dht.execute(() -> answer(ctx, from, request));
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            abort(ctx); // the node is closing
        }
    }

    /** On the DHT thread: the engine's answer, encoded there, then written on the stream's event loop. */
    private void answer(ChannelHandlerContext ctx, PeerInfo from, KadMessage request) {
        byte[] answer;
        try {
            answer = engine.handle(from, request).map(KadCodec::encode).orElse(null);
        } catch (InvalidRecordException e) {
            LOG.info("resetting kad stream from {}: refused {}: {}", remote, request.type(), e.getMessage());
            ctx.channel().eventLoop().execute(() -> abort(ctx));
            return;
        } catch (StoreFullException e) {
            LOG.info("resetting kad stream from {}: cannot take its {}: {}", remote, request.type(), e.getMessage());
            ctx.channel().eventLoop().execute(() -> abort(ctx));
            return;
        } catch (RuntimeException e) {
            LOG.warn("resetting kad stream from {}: failed to answer {}", remote, request.type(), e);
            ctx.channel().eventLoop().execute(() -> abort(ctx));
            return;
        }
        ctx.channel().eventLoop().execute(() -> {
            pending--;
            if (aborted) {
                return;
            }
            if (answer != null) {
                ctx.writeAndFlush(Unpooled.wrappedBuffer(answer));
            }
            closeIfDone(ctx);
        });
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent) {
            ctx.close();
            return;
        }
        if (evt instanceof ChannelInputShutdownEvent) {
            // The asker is done writing; answer what it asked, then close.
            inputDone = true;
            closeIfDone(ctx);
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    /**
     * Ends a stream that broke the protocol with a reset, not a FIN: the asker learns at once that
     * no answer is coming, instead of waiting for its timeout.
     */
    private void abort(ChannelHandlerContext ctx) {
        aborted = true; // answers still queued for this stream are dropped
        KadProtocol.reset(ctx.channel());
    }

    private void closeIfDone(ChannelHandlerContext ctx) {
        if (inputDone && pending == 0) {
            ctx.close();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.info("resetting kad stream from {}: {}", remote, cause.toString());
        abort(ctx);
    }
}
