package io.jdht.net.perf;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;

/**
 * The server side of perf on one stream: read the 8-byte big-endian count the client wants back,
 * discard the upload until the client closes its write side, then send that many bytes and close.
 *
 * <p>A request larger than {@code maxDownloadBytes} is refused (the stream is reset) so that a
 * stranger cannot make this node stream data forever.
 */
public final class PerfServer extends ChannelInboundHandlerAdapter {
    private final long maxDownloadBytes;
    private final byte[] header = new byte[8];
    private int headerRead;
    private long toSend = -1;
    private FillerWriter writer;

    public PerfServer(long maxDownloadBytes) {
        this.maxDownloadBytes = maxDownloadBytes;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf in = (ByteBuf) msg;
        try {
            while (headerRead < header.length && in.isReadable()) {
                header[headerRead++] = in.readByte();
            }
            if (headerRead == header.length && toSend < 0) {
                long requested = java.nio.ByteBuffer.wrap(header).getLong();
                if (requested < 0 || requested > maxDownloadBytes) {
                    ctx.close();
                    return;
                }
                toSend = requested;
            }
            // The rest of the upload is discarded: it only exists to be counted by the client.
        } finally {
            in.release();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof ChannelInputShutdownEvent) {
            if (toSend < 0) {
                ctx.close(); // the client closed before telling us how much it wants
            } else if (writer == null) {
                writer = new FillerWriter(ctx, toSend, () -> finish(ctx));
                writer.pump();
            }
        }
        super.userEventTriggered(ctx, evt);
    }

    private static void finish(ChannelHandlerContext ctx) {
        if (ctx.channel() instanceof DuplexChannel duplex) {
            duplex.shutdownOutput().addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.close();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        if (writer != null && ctx.channel().isWritable()) {
            writer.pump();
        }
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
