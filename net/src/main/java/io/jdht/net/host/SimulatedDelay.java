package io.jdht.net.host;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Makes a connection on 127.0.0.1 behave like one across a WAN ({@link WireOptions#oneWayDelay}):
 * the first handler of a TCP channel, it passes every read, and the end of the input, on only after
 * the delay, and on a connection we dialled it holds {@code channelActive} back for two delays, the
 * TCP handshake's round trip. Writes are not touched: the peer's own delay holds them, so two hosts
 * that both set it see a round-trip time of twice the delay.
 *
 * <p>Order is kept: every event is scheduled on the channel's event loop with the same delay, and
 * the loop runs tasks due at the same time in the order they were scheduled.
 */
final class SimulatedDelay extends ChannelDuplexHandler {
    private final long delayNanos;

    SimulatedDelay(Duration oneWayDelay) {
        this.delayNanos = oneWayDelay.toNanos();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        // what a dialled channel does first waits for the TCP handshake's round trip; on an
        // accepted channel, active from the start, the upgrade began when its handlers were added,
        // so holding the event back changes nothing there
        later(ctx, 2 * delayNanos, ctx::fireChannelActive);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        later(ctx, delayNanos, () -> {
            ctx.fireChannelRead(msg);
            ctx.fireChannelReadComplete();
        }).addListener(f -> {
            if (f.isCancelled()) {
                ReferenceCountUtil.release(msg); // the host shut its event loop down first
            }
        });
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        // fired behind each delayed read instead
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        later(ctx, delayNanos, () -> ctx.fireUserEventTriggered(evt));
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        later(ctx, delayNanos, ctx::fireChannelInactive);
    }

    private static ScheduledFuture<?> later(ChannelHandlerContext ctx, long nanos, Runnable event) {
        return ctx.executor().schedule(event, nanos, TimeUnit.NANOSECONDS);
    }
}
