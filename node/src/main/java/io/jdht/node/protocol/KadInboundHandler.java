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
import io.jdht.net.resources.HeldBytes;
import io.jdht.net.resources.ResourceScope;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.Attribute;
import io.netty.util.AttributeKey;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves DHT requests on one inbound stream: each length-prefixed frame is decoded, answered on the
 * DHT thread and the answer written back, in order; a stream may carry many requests (go reuses
 * them). Bad bytes, an invalid record in a PUT_VALUE, too many requests queued at once or a minute
 * of silence close this stream, never the connection or the node.
 *
 * <p>Requests are served one at a time, and the stream reads nothing (auto-read is off) while one
 * is being answered: the next is taken only once the previous answer has left the stream and the
 * stream is writable. A peer that pipelines requests and never reads the answers therefore gets
 * one answer built for it, which waits in the stream until the idle timer closes it; its other
 * requests wait in the yamux window, unread and uncredited, so the peer soon cannot send more.
 * Answers not yet sent are also capped per connection ({@link KadProtocol#MAX_UNSENT_ANSWER_BYTES}):
 * a peer that opens many streams and reads none of them has its streams reset past that.
 *
 * <p>A request keeps its size reserved from the stream's resource scope from the moment it is
 * decoded until its answer has been handed to the stream (whose own reservation then takes over):
 * decoded requests waiting for the DHT thread are memory a peer made us hold too, and without it
 * many streams' worth of large PUT_VALUEs could queue there uncounted.
 */
final class KadInboundHandler extends SimpleChannelInboundHandler<ByteBuf> {
    private static final Logger LOG = LoggerFactory.getLogger(KadInboundHandler.class);
    /** Bytes of kad answers written on a connection's streams and not yet handed to yamux. */
    static final AttributeKey<AtomicLong> UNSENT_ANSWER_BYTES = AttributeKey.valueOf(KadInboundHandler.class, "unsentAnswers");

    private final KadEngine engine;
    private final Executor dht;
    private final PeerId remote;
    private final Function<PeerId, List<Multiaddr>> addresses;
    /** Requests decoded and not yet handed to the engine; event loop only, like every field below. */
    private final ArrayDeque<Request> waiting = new ArrayDeque<>();
    /** Bytes of the requests waiting and the one with the engine, reserved from the stream's scope; made on first need. */
    private HeldBytes held;
    /** Bytes of the request with the engine, given back once its answer is out. */
    private int answering;
    /** A request is with the engine, or its answer has not yet left the stream. */
    private boolean busy;
    /** The answer is out but the stream is not writable yet: wait for that before the next. */
    private boolean awaitingWritable;
    private boolean inputDone;
    private boolean aborted;

    KadInboundHandler(KadEngine engine, Executor dht, PeerId remote, Function<PeerId, List<Multiaddr>> addresses) {
        this.engine = engine;
        this.dht = dht;
        this.remote = remote;
        this.addresses = addresses;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        // KadService turns auto-read off; this asks for the first request
        ctx.read();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
        if (aborted) {
            return;
        }
        KadMessage request;
        try {
            request = KadCodec.decodeRequest(ByteBufUtil.getBytes(frame));
        } catch (KadMessageException e) {
            LOG.info("resetting kad stream from {}: {}", remote, e.getMessage());
            abort(ctx);
            return;
        }
        // One read can hold many frames: they queue here, a few at most.
        if (waiting.size() + (busy ? 1 : 0) >= KadProtocol.MAX_PENDING_PER_STREAM) {
            LOG.info("resetting kad stream from {}: more than {} requests waiting", remote, KadProtocol.MAX_PENDING_PER_STREAM);
            abort(ctx);
            return;
        }
        int size = frame.readableBytes();
        if (!reserve(ctx, size)) {
            LOG.info("resetting kad stream from {}: no memory left for a request of {} bytes", remote, size);
            abort(ctx);
            return;
        }
        waiting.add(new Request(request, size));
        next(ctx);
    }

    /** A decoded request and the bytes reserved for it. */
    private record Request(KadMessage message, int size) {}

    private boolean reserve(ChannelHandlerContext ctx, int bytes) {
        if (held == null) {
            held = new HeldBytes(ResourceScope.of(ctx.channel()));
        }
        return held.setTo(held.held() + bytes);
    }

    /** The request with the engine is answered (its answer handed to the stream, or none): give its bytes back. */
    private void answered() {
        if (held != null) {
            held.setTo(held.held() - answering);
        }
        answering = 0;
    }

    /**
     * Asks again for more when nothing is being answered. A read asked for while a read is being
     * delivered (the first one, from {@link #handlerAdded}, is asked for inside the delivery that
     * completed the protocol negotiation) can be forgotten by the stream when that delivery ends;
     * asking once the read is complete keeps an idle stream listening.
     */
    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (!aborted && !busy && waiting.isEmpty() && !inputDone) {
            ctx.read();
        }
        ctx.fireChannelReadComplete();
    }

    /** On the event loop: hands the next waiting request to the engine, or reads, or ends the stream. */
    private void next(ChannelHandlerContext ctx) {
        if (aborted || busy) {
            return;
        }
        Request next = waiting.poll();
        if (next == null) {
            if (inputDone) {
                ctx.close(); // the asker is done and everything it asked is answered
            } else {
                ctx.read();
            }
            return;
        }
        busy = true;
        answering = next.size();
        PeerInfo from = new PeerInfo(remote, addresses.apply(remote));
        KadMessage request = next.message();
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
        ctx.channel().eventLoop().execute(() -> write(ctx, answer));
    }

    /** On the event loop: sends an answer (null: the request has none) and moves on once it is out. */
    private void write(ChannelHandlerContext ctx, byte[] answer) {
        if (aborted) {
            return;
        }
        if (answer == null) {
            answered();
            busy = false;
            next(ctx);
            return;
        }
        AtomicLong unsent = unsentOn(ctx.channel());
        if (unsent.addAndGet(answer.length) > KadProtocol.MAX_UNSENT_ANSWER_BYTES) {
            unsent.addAndGet(-answer.length);
            LOG.info("resetting kad stream from {}: its connection already holds {} bytes of answers it has not read",
                    remote, unsent.get());
            abort(ctx);
            return;
        }
        // completes when yamux has taken the whole answer, which it does only as the asker's window allows
        ctx.writeAndFlush(Unpooled.wrappedBuffer(answer)).addListener(f -> {
            unsent.addAndGet(-answer.length);
            if (!f.isSuccess()) {
                if (!aborted && ctx.channel().isOpen()) {
                    LOG.info("resetting kad stream from {}: answer not sent: {}", remote, f.cause().toString());
                    abort(ctx);
                }
                return;
            }
            answered();
            if (ctx.channel().isWritable()) {
                busy = false;
                next(ctx);
            } else {
                awaitingWritable = true;
            }
        });
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        if (awaitingWritable && ctx.channel().isWritable()) {
            awaitingWritable = false;
            busy = false;
            next(ctx);
        }
        super.channelWritabilityChanged(ctx);
    }

    /** The per-connection count of unsent answer bytes, made on first use; streams share their connection's. */
    static AtomicLong unsentOn(Channel stream) {
        Channel connection = stream.parent() != null ? stream.parent() : stream;
        Attribute<AtomicLong> attr = connection.attr(UNSENT_ANSWER_BYTES);
        AtomicLong existing = attr.get();
        if (existing != null) {
            return existing;
        }
        AtomicLong fresh = new AtomicLong();
        existing = attr.setIfAbsent(fresh);
        return existing != null ? existing : fresh;
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
            next(ctx);
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
        waiting.clear();
        KadProtocol.reset(ctx.channel());
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.info("resetting kad stream from {}: {}", remote, cause.toString());
        abort(ctx);
    }
}
