package io.jdht.net.ping;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.random.RandomGenerator;

/**
 * The dialing side of ping on one stream: {@link #ping()} writes 32 random bytes and completes with
 * the round-trip time once the same bytes come back. Pings may be issued back to back; replies are
 * matched in order, as the listener echoes them in order.
 *
 * <p>Time is read through {@link System#nanoTime()} on the stream's event loop at write and at
 * receipt, so the figure includes encryption and muxing on both ends, as a user would see it.
 */
public final class PingInitiator extends ChannelInboundHandlerAdapter {
    private record Outstanding(byte[] payload, long sentNanos, CompletableFuture<Duration> result) {}

    private final RandomGenerator random;
    private final Deque<Outstanding> outstanding = new ArrayDeque<>();
    private ChannelHandlerContext ctx;
    private ByteBuf received;

    public PingInitiator(RandomGenerator random) {
        this.random = random;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.received = ctx.alloc().buffer(PingProtocol.PAYLOAD_SIZE);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        received.release();
        failAll(new IOException("ping stream closed"));
    }

    /** Sends one ping; safe to call from any thread. */
    public CompletableFuture<Duration> ping() {
        CompletableFuture<Duration> result = new CompletableFuture<>();
        ctx.executor().execute(() -> {
            if (!ctx.channel().isActive()) {
                result.completeExceptionally(new IOException("ping stream is closed"));
                return;
            }
            byte[] payload = new byte[PingProtocol.PAYLOAD_SIZE];
            random.nextBytes(payload);
            outstanding.add(new Outstanding(payload, System.nanoTime(), result));
            ctx.writeAndFlush(ctx.alloc().buffer(payload.length).writeBytes(payload)).addListener(f -> {
                if (!f.isSuccess()) {
                    result.completeExceptionally(f.cause());
                }
            });
        });
        return result;
    }

    /** Ends the ping stream the polite way: close our write side; the listener then closes. */
    public void close() {
        ctx.executor().execute(() -> {
            if (ctx.channel() instanceof io.netty.channel.socket.DuplexChannel duplex && ctx.channel().isActive()) {
                duplex.shutdownOutput();
            } else {
                ctx.close();
            }
        });
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf in = (ByteBuf) msg;
        try {
            while (in.isReadable()) {
                int take = Math.min(in.readableBytes(), PingProtocol.PAYLOAD_SIZE - received.readableBytes());
                received.writeBytes(in, take);
                if (received.readableBytes() == PingProtocol.PAYLOAD_SIZE) {
                    matchReply(ctx);
                }
            }
        } finally {
            in.release();
        }
    }

    private void matchReply(ChannelHandlerContext ctx) {
        byte[] echoed = ByteBufUtil.getBytes(received);
        received.clear();
        Outstanding next = outstanding.poll();
        if (next == null) {
            ctx.close();
            return;
        }
        if (!Arrays.equals(next.payload, echoed)) {
            next.result.completeExceptionally(new IOException("ping reply does not match the payload sent"));
            ctx.close();
            return;
        }
        next.result.complete(Duration.ofNanos(System.nanoTime() - next.sentNanos));
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        failAll(new IOException("ping stream closed by the remote peer"));
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        failAll(cause);
        ctx.close();
    }

    private void failAll(Throwable cause) {
        Outstanding o;
        while ((o = outstanding.poll()) != null) {
            o.result.completeExceptionally(cause);
        }
    }
}
