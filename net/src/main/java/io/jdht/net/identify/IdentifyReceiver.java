package io.jdht.net.identify;

import io.jdht.net.framing.VarintFrameDecoder;
import io.jdht.net.identify.pb.IdentifyProto.Identify;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;

/**
 * Reads the Identify message(s) a peer sends on one stream until it closes its side, merging them as
 * protobuf merges (go-libp2p may split a large answer in two), and completes {@link #result()}.
 * Installs its own length-prefix decoder in front of itself, which holds the frames together to
 * {@link IdentifyProtocol#MAX_MESSAGE_SIZE}: a frame whose announced length crosses it fails the
 * exchange at its prefix, so an over-size answer is never buffered whole.
 */
public final class IdentifyReceiver extends ChannelInboundHandlerAdapter {
    private final CompletableFuture<IdentifyInfo> result = new CompletableFuture<>();
    private final Identify.Builder merged = Identify.newBuilder();
    private int frames;

    public CompletableFuture<IdentifyInfo> result() {
        return result;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        ctx.pipeline().addBefore(ctx.name(), null, new VarintFrameDecoder(
                IdentifyProtocol.MAX_MESSAGE_SIZE, IdentifyProtocol.MAX_MESSAGE_SIZE));
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf frame = (ByteBuf) msg;
        try {
            if (++frames > IdentifyProtocol.MAX_FRAMES) {
                throw new IOException("identify answer has more than " + IdentifyProtocol.MAX_FRAMES + " messages");
            }
            merged.mergeFrom(new ByteBufInputStream(frame));
        } catch (IOException | RuntimeException e) {
            fail(ctx, e);
        } finally {
            frame.release();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof ChannelInputShutdownEvent) {
            complete(ctx);
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        complete(ctx);
        super.channelInactive(ctx);
    }

    private void complete(ChannelHandlerContext ctx) {
        if (result.isDone()) {
            return;
        }
        if (frames == 0) {
            fail(ctx, new IOException("peer closed the identify stream without sending a message"));
            return;
        }
        try {
            result.complete(IdentifyInfo.fromProto(merged.build()));
        } catch (RuntimeException e) {
            fail(ctx, e);
            return;
        }
        ctx.close();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(ctx, cause);
    }

    private void fail(ChannelHandlerContext ctx, Throwable cause) {
        result.completeExceptionally(cause);
        ctx.close();
    }
}
