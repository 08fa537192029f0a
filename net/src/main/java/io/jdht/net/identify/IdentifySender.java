package io.jdht.net.identify;

import io.jdht.net.framing.VarintFrameEncoder;
import io.jdht.net.identify.pb.IdentifyProto.Identify;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DuplexChannel;
import java.util.function.Supplier;

/**
 * Writes one length-prefixed Identify message as soon as it is in a live pipeline, then closes the
 * stream: the answering side of identify and the sending side of identify push are the same act.
 * The message is built at that moment, so it reflects the protocols and addresses of now.
 */
public final class IdentifySender extends ChannelInboundHandlerAdapter {
    private final Supplier<Identify> message;
    private boolean sent;

    public IdentifySender(Supplier<Identify> message) {
        this.message = message;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            send(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        send(ctx);
        super.channelActive(ctx);
    }

    private void send(ChannelHandlerContext ctx) {
        if (sent) {
            return;
        }
        sent = true;
        ctx.pipeline().addBefore(ctx.name(), null, VarintFrameEncoder.INSTANCE);
        ctx.writeAndFlush(Unpooled.wrappedBuffer(message.get().toByteArray())).addListener(f -> {
            if (f.isSuccess() && ctx.channel() instanceof DuplexChannel duplex) {
                duplex.shutdownOutput().addListener(ChannelFutureListener.CLOSE);
            } else {
                ctx.close();
            }
        });
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        io.netty.util.ReferenceCountUtil.release(msg); // the asker sends nothing we need
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
