package io.jdht.net.framing;

import io.jdht.multiformats.Varint;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import java.util.List;

/**
 * Prefixes each outbound buffer with its length as an unsigned varint; the counterpart of
 * {@link VarintFrameDecoder}. The payload is passed on as is, so no bytes are copied.
 */
@ChannelHandler.Sharable
public final class VarintFrameEncoder extends MessageToMessageEncoder<ByteBuf> {
    /** Stateless, so one instance serves every pipeline. */
    public static final VarintFrameEncoder INSTANCE = new VarintFrameEncoder();

    private VarintFrameEncoder() {
        super(ByteBuf.class);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, ByteBuf msg, List<Object> out) {
        ByteBuf prefix = ctx.alloc().buffer(Varint.size(msg.readableBytes()));
        prefix.writeBytes(Varint.encode(msg.readableBytes()));
        out.add(prefix);
        out.add(msg.retain());
    }
}
