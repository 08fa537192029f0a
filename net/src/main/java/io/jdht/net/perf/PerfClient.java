package io.jdht.net.perf;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The client side of perf on one stream: on activation it asks for {@code downloadBytes}, uploads
 * {@code uploadBytes}, closes its write side, counts what comes back and completes {@link #result()}
 * when the server closes. The result fails if the server sends a different number of bytes.
 */
public final class PerfClient extends ChannelInboundHandlerAdapter {
    private final long uploadBytes;
    private final long downloadBytes;
    private final CompletableFuture<PerfResult> result = new CompletableFuture<>();
    private FillerWriter writer;
    private long received;
    private long startNanos;

    public PerfClient(long uploadBytes, long downloadBytes) {
        if (uploadBytes < 0 || downloadBytes < 0) {
            throw new IllegalArgumentException("perf byte counts must not be negative");
        }
        this.uploadBytes = uploadBytes;
        this.downloadBytes = downloadBytes;
    }

    /** Completes when the download has ended. */
    public CompletableFuture<PerfResult> result() {
        return result;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            start(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        start(ctx);
        super.channelActive(ctx);
    }

    private void start(ChannelHandlerContext ctx) {
        if (writer != null) {
            return;
        }
        startNanos = System.nanoTime();
        ctx.write(ctx.alloc().buffer(8).writeLong(downloadBytes));
        writer = new FillerWriter(ctx, uploadBytes, () -> {
            if (ctx.channel() instanceof DuplexChannel duplex) {
                duplex.shutdownOutput();
            } else {
                result.completeExceptionally(new IOException("perf needs a stream that can half-close"));
                ctx.close();
            }
        });
        writer.pump();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        if (writer != null && ctx.channel().isWritable()) {
            writer.pump();
        }
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf in = (ByteBuf) msg;
        received += in.readableBytes();
        in.release();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof ChannelInputShutdownEvent) {
            finish();
            ctx.close();
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        finish();
        super.channelInactive(ctx);
    }

    private void finish() {
        if (result.isDone()) {
            return;
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
        if (received != downloadBytes) {
            result.completeExceptionally(new IOException(
                    "perf stream ended after " + received + " of " + downloadBytes + " requested bytes"));
        } else {
            result.complete(new PerfResult(uploadBytes, received, elapsed));
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        result.completeExceptionally(cause);
        ctx.close();
    }
}
