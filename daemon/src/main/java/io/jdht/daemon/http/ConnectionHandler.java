package io.jdht.daemon.http;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HTTP connection: hands each request to an {@link Exchange}, one at a time, and decides what
 * happens to the connection between and after them.
 *
 * <ul>
 *   <li>Requests are answered in order. A request that arrives while the previous one is still
 *       being answered (HTTP pipelining) waits in a small queue, and reading pauses meanwhile.
 *   <li>Malformed HTTP is answered with 400 (414 for a too-long request line, 431 for too-large
 *       headers) and the connection closes; the server goes on serving everyone else.
 *   <li>A connection that must close after an answer first closes its sending side and drops what
 *       the client still sends for a moment ("lingering close"), so the client reads the answer
 *       instead of a reset.
 *   <li>When the connection goes away, the running command is cancelled.
 * </ul>
 */
final class ConnectionHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionHandler.class);
    /** Pipelined input held while the current request is answered; more closes the connection. */
    private static final int MAX_QUEUED_BYTES = 1 << 20;
    private static final int MAX_QUEUED_MESSAGES = 1024;
    /** How long a closing connection keeps draining the client's input. */
    private static final long LINGER_MILLIS = 2000;

    private final ServerContext server;
    private ChannelHandlerContext ctx;
    private Exchange current;
    private final ArrayDeque<HttpObject> queued = new ArrayDeque<>();
    private long queuedBytes;
    private boolean replayScheduled;
    private boolean lingering;

    ConnectionHandler(ServerContext server) {
        this.server = server;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof HttpObject o) || lingering) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (!queued.isEmpty() || current != null && current.requestComplete()) {
            enqueue(o);
            return;
        }
        handle(o);
    }

    private void handle(HttpObject o) {
        try {
            if (o.decoderResult().isFailure()) {
                badHttp(o.decoderResult().cause());
                return;
            }
            if (o instanceof HttpRequest request) {
                if (current != null) { // cannot happen with a sane decoder: a new request inside a body
                    badHttp(new IllegalStateException("request inside a request"));
                    return;
                }
                current = new Exchange(server, this, ctx, request);
                current.begin();
            }
            if (o instanceof HttpContent content && current != null) {
                current.content(content);
            }
        } finally {
            ReferenceCountUtil.release(o);
        }
    }

    private void enqueue(HttpObject o) {
        if (o instanceof HttpContent c) {
            queuedBytes += c.content().readableBytes();
        }
        queued.add(o);
        ctx.channel().config().setAutoRead(false);
        if (queuedBytes > MAX_QUEUED_BYTES || queued.size() > MAX_QUEUED_MESSAGES) {
            LOG.debug("closing {}: too much pipelined input", ctx.channel());
            ctx.close();
        }
    }

    /** Called by the exchange when its answer is written and its request consumed. */
    void exchangeDone(Exchange exchange, ChannelFuture lastWrite, boolean keepAlive) {
        if (exchange != current) {
            return;
        }
        current = null;
        if (!keepAlive) {
            linger(lastWrite);
            return;
        }
        if (!queued.isEmpty() && !replayScheduled) {
            // later, not now: this may be called from inside handle(), and replaying here would recurse
            replayScheduled = true;
            ctx.executor().execute(this::replay);
        }
    }

    /** Hands queued pipelined input to the next exchange(s); reading resumes once the queue is empty. */
    private void replay() {
        replayScheduled = false;
        while (!queued.isEmpty() && !lingering && ctx.channel().isActive() && (current == null || !current.requestComplete())) {
            HttpObject o = queued.poll();
            if (o instanceof HttpContent c) {
                queuedBytes -= c.content().readableBytes();
            }
            handle(o);
        }
        if (queued.isEmpty() && !lingering) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    private void badHttp(Throwable cause) {
        LOG.debug("bad HTTP on {}: {}", ctx.channel(), cause.toString());
        if (current != null && current.answerStarted()) {
            ctx.close();
            return;
        }
        if (current != null) {
            current.connectionLost();
            current = null;
        }
        FullHttpResponse r;
        if (cause instanceof TooLongHttpLineException) {
            r = PlainReplies.text(HttpResponseStatus.REQUEST_URI_TOO_LONG, "414 URI Too Long");
        } else if (cause instanceof TooLongHttpHeaderException) {
            r = PlainReplies.text(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "431 Request Header Fields Too Large");
        } else {
            r = PlainReplies.text(HttpResponseStatus.BAD_REQUEST, "400 Bad Request");
        }
        r.headers().set(HttpHeaderNames.CONNECTION, "close");
        linger(ctx.writeAndFlush(r));
    }

    /**
     * Closes the connection once {@code lastWrite} is out: first our sending side, then, after
     * the client closes or a short while, the whole connection. Input meanwhile is dropped.
     */
    private void linger(ChannelFuture lastWrite) {
        if (lingering) {
            return;
        }
        lingering = true;
        for (HttpObject o; (o = queued.poll()) != null; ) {
            ReferenceCountUtil.release(o);
        }
        queuedBytes = 0;
        ctx.channel().config().setAutoRead(true);
        lastWrite.addListener((ChannelFutureListener) f -> {
            if (!(f.channel() instanceof DuplexChannel duplex) || !f.isSuccess() || !duplex.isActive()) {
                f.channel().close();
                return;
            }
            duplex.shutdownOutput();
            f.channel().eventLoop().schedule(() -> f.channel().close(), LINGER_MILLIS, TimeUnit.MILLISECONDS);
        });
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent) {
            if (current == null || lingering || current.idleIsFatal()) {
                LOG.debug("closing idle connection {}", ctx.channel());
                ctx.close();
            }
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (current != null) {
            current.connectionLost();
            current = null;
        }
        for (HttpObject o; (o = queued.poll()) != null; ) {
            ReferenceCountUtil.release(o);
        }
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("closing {} after {}", ctx.channel(), cause.toString());
        ctx.close();
    }
}
