package io.jdht.net.handshake;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.DecoderException;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One step of a connection upgrade (a multistream-select negotiation, a Noise handshake): a
 * decoder that starts once its channel is active, must finish before a deadline, and reports
 * through {@link #result()}.
 *
 * <p>Any failure (a decoding error, the deadline, the channel closing first) completes the result
 * exceptionally and closes the channel, once. Subclasses send their opening message in
 * {@link #onStart} and complete the result themselves on success.
 *
 * @param <T> what the step establishes
 */
public abstract class TimedStep<T> extends ByteToMessageDecoder {
    private final Duration timeout;
    private final Supplier<Exception> timeoutError;
    private final Supplier<Exception> closedError;
    private final CompletableFuture<T> result = new CompletableFuture<>();
    private boolean started;
    private ScheduledFuture<?> deadline;

    /**
     * @param timeout how long the step may take from the moment the channel is active
     * @param timeoutError the failure to report when it takes longer
     * @param closedError the failure to report when the channel closes first
     */
    protected TimedStep(Duration timeout, Supplier<Exception> timeoutError, Supplier<Exception> closedError) {
        this.timeout = timeout;
        this.timeoutError = timeoutError;
        this.closedError = closedError;
    }

    /** Completes with what the step established, or fails with why it could not. */
    public CompletableFuture<T> result() {
        return result;
    }

    /** Called once, when the handler is in an active channel: send the opening message here. */
    protected abstract void onStart(ChannelHandlerContext ctx) throws Exception;

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) throws Exception {
        super.handlerAdded(ctx);
        if (ctx.channel().isActive()) {
            start(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        start(ctx);
        super.channelActive(ctx);
    }

    private void start(ChannelHandlerContext ctx) throws Exception {
        if (started) {
            return;
        }
        started = true;
        deadline = ctx.executor().schedule(() -> fail(ctx, timeoutError.get()), timeout.toMillis(), TimeUnit.MILLISECONDS);
        onStart(ctx);
    }

    /** Ends the step successfully: stops the clock and completes the result. */
    protected final void succeed(T value) {
        cancelDeadline();
        result.complete(value);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(ctx, cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        fail(ctx, closedError.get());
        super.channelInactive(ctx);
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        cancelDeadline();
    }

    /** Fails the step and closes the channel; does nothing if the step has already ended. */
    protected final void fail(ChannelHandlerContext ctx, Throwable cause) {
        cancelDeadline();
        if (result.completeExceptionally(cause)) {
            onFailed(ctx, cause);
            ctx.close();
        }
    }

    /** Called once when the step fails, before the channel closes; does nothing unless overridden. */
    protected void onFailed(ChannelHandlerContext ctx, Throwable cause) {}

    private void cancelDeadline() {
        if (deadline != null) {
            deadline.cancel(false);
        }
    }
}
