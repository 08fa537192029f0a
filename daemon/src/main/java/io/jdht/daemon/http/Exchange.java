package io.jdht.daemon.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request and its answer, from the request line to the last byte. It decides what the
 * request is (a command, a page, or something to refuse), collects the body, runs the command on
 * a virtual thread once the body is complete, enforces the deadline and cancels the command if the
 * connection goes away.
 *
 * <p>Everything here runs on the connection's event loop except {@link #runCommand} and {@link
 * #commandDone}, which touch only the response (thread-safe), the cancellation (thread-safe) and
 * hop back to the event loop for the rest.
 */
final class Exchange implements ChannelResponse.Owner {
    private static final Logger LOG = LoggerFactory.getLogger(Exchange.class);

    private enum Phase {
        /** Accepted; the body is still arriving. */
        RECEIVING,
        /** Answered already (a refusal, or OPTIONS); the rest of the request is dropped. */
        ANSWERED,
        /** The command or page is running. */
        RUNNING,
        /** The connection is gone. */
        GONE
    }

    private final ServerContext server;
    private final ConnectionHandler connection;
    private final ChannelHandlerContext ctx;
    private final HttpRequest request;
    /** HTTP/1.1 without {@code Connection: close}: another request may follow on this connection. */
    private final boolean keepAlive;
    private final boolean hasBody;

    private Phase phase = Phase.RECEIVING;
    private boolean requestComplete;
    private boolean answerEnded;
    private boolean closeAfter;
    private boolean finished;
    private ChannelFuture lastWrite;

    private ApiRouter.Route route;
    private ParsedParameters parameters;
    private PageHandler page;
    private BodyCollector body;
    private boolean holdsSlot;
    private final AtomicBoolean released = new AtomicBoolean();

    private Cancellation cancellation;
    private ChannelResponse response;
    private ScheduledFuture<?> deadline;
    private final Object runnerLock = new Object();
    private Thread runner; // guarded by runnerLock: the thread inside ApiCommand.run, to interrupt on cancel

    Exchange(ServerContext server, ConnectionHandler connection, ChannelHandlerContext ctx, HttpRequest request) {
        this.server = server;
        this.connection = connection;
        this.ctx = ctx;
        this.request = request;
        this.keepAlive = request.protocolVersion().equals(HttpVersion.HTTP_1_1) && HttpUtil.isKeepAlive(request);
        this.hasBody = HttpUtil.getContentLength(request, 0L) > 0 || HttpUtil.isTransferEncodingChunked(request);
    }

    /** Looks at the request line and headers: refuse at once, or accept and wait for the body. */
    void begin() {
        String path;
        Map<String, List<String>> query;
        try {
            QueryStringDecoder q = QueryStringDecoder.builder()
                    .maxParams(server.limits.maxQueryParameters())
                    .semicolonIsNormalChar(true)
                    .build(request.uri());
            path = q.path();
            query = q.parameters();
        } catch (IllegalArgumentException e) { // a broken %-escape
            answerAtOnce(PlainReplies.text(HttpResponseStatus.BAD_REQUEST, "400 Bad Request"), false);
            return;
        }
        if (path.startsWith(ApiRouter.API_PREFIX)) {
            beginCommand(path.substring(ApiRouter.API_PREFIX.length()), query);
        } else {
            beginPage(path);
        }
    }

    private void beginCommand(String commandPath, Map<String, List<String>> query) {
        HttpMethod method = request.method();
        if (OriginPolicy.isPreflight(request)) {
            FullHttpResponse r = PlainReplies.noContent();
            server.origins.preflight(request, r);
            answerAtOnce(r, false);
            return;
        }
        if (HttpMethod.OPTIONS.equals(method)) {
            FullHttpResponse r = PlainReplies.noContent();
            r.headers().set(HttpHeaderNames.ALLOW, KuboHeaders.ALLOW_API);
            answerAtOnce(r, true);
            return;
        }
        if (!HttpMethod.POST.equals(method)) {
            answerAtOnce(PlainReplies.methodNotAllowed(KuboHeaders.ALLOW_API), true);
            return;
        }
        if (!server.origins.permits(request)) {
            LOG.debug("refused {} {}: origin, referer or user agent not allowed (possible CSRF)", method, commandPath);
            answerAtOnce(PlainReplies.forbidden(), true);
            return;
        }
        route = server.router.resolve(commandPath).orElse(null);
        if (route == null) {
            answerAtOnce(PlainReplies.notFound(), true);
            return;
        }
        if (HttpUtil.getContentLength(request, 0L) > server.limits.maxBodyBytes()) {
            answerAtOnce(PlainReplies.tooLarge(server.limits.maxBodyBytes()), true);
            return;
        }
        try {
            parameters = RequestParser.parse(route.command().spec(), route.pathArguments(), query);
        } catch (ApiError e) {
            answerAtOnce(PlainReplies.error(e), true);
            return;
        }
        if (!server.tryAcquire()) {
            answerAtOnce(PlainReplies.tooManyRequests(), true);
            return;
        }
        holdsSlot = true;
        try {
            body = BodyCollector.forRequest(request, server.uploads, server.limits);
        } catch (ApiError e) {
            release();
            answerAtOnce(PlainReplies.error(e), true);
            return;
        }
        acceptBody();
    }

    private void beginPage(String path) {
        page = server.router.page(path).orElse(null);
        if (page == null) {
            answerAtOnce(PlainReplies.notFound(), false);
            return;
        }
        if (!HttpMethod.GET.equals(request.method())) {
            answerAtOnce(PlainReplies.methodNotAllowed("GET"), false);
            return;
        }
        body = BodyCollector.discarding(server.limits.maxBodyBytes());
        acceptBody();
    }

    /** Tells a client waiting on {@code Expect: 100-continue} to send the body. */
    private void acceptBody() {
        phase = Phase.RECEIVING;
        if (HttpUtil.is100ContinueExpected(request)) {
            ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE, Unpooled.EMPTY_BUFFER));
        }
    }

    /** Takes a piece of the body; the caller releases it afterwards. */
    void content(HttpContent content) {
        boolean last = content instanceof LastHttpContent;
        switch (phase) {
            case ANSWERED -> {
                if (last) {
                    requestComplete = true;
                    maybeFinish();
                }
            }
            case RECEIVING -> {
                try {
                    body.offer(content);
                } catch (BodyCollector.TooLargeException e) {
                    release();
                    answerAtOnce(PlainReplies.tooLarge(server.limits.maxBodyBytes()), page == null);
                    return;
                } catch (ApiError e) {
                    release();
                    answerAtOnce(PlainReplies.error(e), page == null);
                    return;
                }
                if (last) {
                    requestComplete = true;
                    start();
                }
            }
            default -> {}
        }
    }

    /** The body is complete: run the page or the command. */
    private void start() {
        if (page != null) {
            phase = Phase.RUNNING;
            runPage();
            return;
        }
        CommandSpec spec = route.command().spec();
        List<FilePart> files;
        try {
            files = body.parts();
            if (files.isEmpty() && spec.requiredFile().isPresent()) {
                throw ApiError.missingFile(spec.requiredFile().get().name());
            }
        } catch (ApiError e) {
            release();
            answerAtOnce(PlainReplies.error(e), true);
            return;
        }
        phase = Phase.RUNNING;
        cancellation = new Cancellation(server.callbacks);
        response = new ChannelResponse(this, server.mapper, cancellation, server.limits, request.protocolVersion());
        ApiRequest apiRequest = new ApiRequest(spec, parameters, files, cancellation);
        cancellation.onCancel(this::interruptRunner);
        apiRequest.timeout().ifPresent(t ->
                deadline = ctx.executor().schedule(this::expire, Math.max(0, t.toNanos()), TimeUnit.NANOSECONDS));
        try {
            server.commands.execute(() -> runCommand(apiRequest));
        } catch (RejectedExecutionException e) { // the server is closing
            cancellation.cancel(Cancellation.Reason.SERVER_CLOSED);
            response.endNow(ApiError.normal("the server is shutting down"));
            commandFinished();
        }
    }

    /** On a virtual thread: the command's own code. */
    private void runCommand(ApiRequest apiRequest) {
        synchronized (runnerLock) {
            runner = Thread.currentThread();
        }
        CompletableFuture<?> result = null;
        Throwable failure = null;
        try {
            if (!cancellation.isCancelled()) {
                result = route.command().run(apiRequest, response);
            }
        } catch (Throwable t) {
            failure = t;
        } finally {
            synchronized (runnerLock) {
                runner = null;
                Thread.interrupted(); // an interrupt aimed at the command must not leak into what follows
            }
        }
        if (failure != null || result == null) {
            commandDone(null, failure);
        } else {
            cancellation.propagateTo(result);
            result.whenComplete(this::commandDone);
        }
    }

    private void interruptRunner() {
        synchronized (runnerLock) {
            if (runner != null) {
                runner.interrupt();
            }
        }
    }

    /** Any thread: the command is over, with a result, a failure, or nothing. */
    private void commandDone(Object result, Throwable failure) {
        try {
            if (failure != null) {
                ApiError error = ApiError.from(failure);
                if (!cancellation.isCancelled()) {
                    logFailure(error);
                }
                response.fail(error); // ignored if a deadline or a lost connection ended the answer first
            } else if (result != null && response.isOpen()) {
                try {
                    if (route.command().spec().streaming()) {
                        response.emit(result);
                    } else {
                        response.single(result);
                    }
                } catch (CancellationException e) {
                    // cancelled meanwhile: the answer is already settled
                } catch (RuntimeException e) {
                    response.fail(ApiError.from(e));
                }
            }
        } finally {
            response.finish();
            onLoop(this::commandFinished);
        }
    }

    private void logFailure(ApiError error) {
        Throwable cause = error.getCause();
        if (cause instanceof RuntimeException && !(cause instanceof ApiError) && !(cause instanceof IllegalArgumentException)
                || cause instanceof Error) {
            LOG.warn("command {} failed unexpectedly", route.command().spec().path(), cause);
        } else {
            LOG.debug("command {} failed: {}", route.command().spec().path(), error.getMessage());
        }
    }

    /** Event loop: the command returned; stop the clock and free its slot and uploads. */
    private void commandFinished() {
        if (deadline != null) {
            deadline.cancel(false);
        }
        release();
    }

    /** Event loop: the {@code timeout} option ran out. */
    private void expire() {
        if (phase == Phase.RUNNING && cancellation.cancel(Cancellation.Reason.DEADLINE)) {
            response.endNow(ApiError.deadlineExceeded());
        }
    }

    /** On a virtual thread: render the page, then answer on the event loop. */
    private void runPage() {
        Runnable render = () -> {
            FullHttpResponse reply;
            try {
                reply = PlainReplies.page(page.render());
            } catch (Throwable t) {
                LOG.warn("page {} failed", request.uri(), t);
                reply = PlainReplies.text(HttpResponseStatus.INTERNAL_SERVER_ERROR, String.valueOf(t.getMessage()));
            }
            FullHttpResponse answer = reply;
            onLoop(() -> {
                if (phase == Phase.GONE) {
                    answer.release();
                    return;
                }
                frameFixed(answer);
                answerEnded(ctx.writeAndFlush(answer));
            });
        };
        try {
            server.commands.execute(render);
        } catch (RejectedExecutionException e) {
            ctx.close();
        }
    }

    /**
     * Answers with a fixed response, without running anything (a refusal, or OPTIONS). If the body
     * is still on its way the connection closes after the answer (the client may still be
     * sending); otherwise it stays open for the next request. API answers get the CORS headers.
     */
    private void answerAtOnce(FullHttpResponse r, boolean api) {
        phase = Phase.ANSWERED;
        if (api) {
            server.origins.decorate(request, r.headers());
        }
        frameFixed(r);
        answerEnded(ctx.writeAndFlush(r));
    }

    /** Keeps or closes the connection after a fixed answer. */
    private void frameFixed(FullHttpResponse r) {
        closeAfter = !keepAlive || (!requestComplete && hasBody);
        if (closeAfter) {
            r.headers().set(HttpHeaderNames.CONNECTION, "close");
        }
    }

    @Override
    public Channel channel() {
        return ctx.channel();
    }

    @Override
    public void decorate(HttpResponse r) {
        server.config.headers().forEach((k, v) -> r.headers().set(k, v));
        server.origins.decorate(request, r.headers());
        r.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, KuboHeaders.EXPOSED);
        r.headers().set(HttpHeaderNames.ACCESS_CONTROL_EXPOSE_HEADERS, KuboHeaders.EXPOSED);
    }

    @Override
    public boolean keepAlive() {
        return keepAlive;
    }

    @Override
    public void answerEnded(ChannelFuture last) {
        answerEnded = true;
        lastWrite = last;
        maybeFinish();
    }

    /** Hands the connection back once the answer is out and the request consumed (or the connection is to close). */
    private void maybeFinish() {
        if (finished || phase == Phase.GONE || !answerEnded || !(requestComplete || closeAfter)) {
            return;
        }
        finished = true;
        connection.exchangeDone(this, lastWrite, keepAlive && !closeAfter && requestComplete);
    }

    /** Whether the request is complete, so further input belongs to the next request. */
    boolean requestComplete() {
        return requestComplete;
    }

    /** Whether anything of the answer may have gone out (so a late HTTP error cannot be answered). */
    boolean answerStarted() {
        return answerEnded || response != null;
    }

    /**
     * Whether a connection idle this long should be closed: yes while the request or its body is
     * awaited, or while our output waits for a client that does not read; no while a command is
     * merely working (its own timeout bounds that).
     */
    boolean idleIsFatal() {
        return switch (phase) {
            case RECEIVING, ANSWERED -> true;
            case RUNNING -> response != null && response.pendingBytes() > 0;
            case GONE -> true;
        };
    }

    /** The connection closed (client gone, error, or server closing): cancel the command. */
    void connectionLost() {
        Phase was = phase;
        phase = Phase.GONE;
        if (was == Phase.RUNNING && cancellation != null) {
            cancellation.cancel(server.lostConnectionReason());
            response.connectionLost();
        } else if (was != Phase.RUNNING) {
            release();
        }
    }

    /** Frees the command slot and the uploaded data; once. */
    private void release() {
        if (!released.compareAndSet(false, true)) {
            return;
        }
        if (body != null) {
            body.destroy();
        }
        if (holdsSlot) {
            server.release();
        }
    }

    private void onLoop(Runnable task) {
        try {
            ctx.executor().execute(task);
        } catch (RejectedExecutionException e) {
            task.run(); // the event loop is gone with the server: nothing else touches this exchange now
        }
    }

    @Override
    public String toString() {
        return "Exchange(" + request.method() + " " + request.uri() + ", " + phase + ")";
    }
}
