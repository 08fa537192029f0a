package io.jdht.net.noise;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Reads Noise transport frames (2-byte big-endian length, ciphertext with a 16-byte tag) and
 * passes on the plaintext. A frame that fails authentication is fatal for the connection: the
 * counter nonces of both sides would no longer agree.
 */
final class NoiseFrameDecoder extends ByteToMessageDecoder {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(NoiseFrameDecoder.class);
    private final CipherState receive;
    private final byte[] scratch = new byte[NoiseHandshakeHandler.MAX_FRAME];

    NoiseFrameDecoder(CipherState receive) {
        this.receive = receive;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        try {
            decodeFrames(ctx, in, out);
        } catch (NoiseException e) {
            // fatal: the nonces no longer agree, so nothing more on this connection can be read
            LOG.debug("closing {}: {}", ctx.channel(), e.getMessage());
            in.skipBytes(in.readableBytes());
            ctx.close();
        }
    }

    private void decodeFrames(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws NoiseException {
        while (in.readableBytes() >= 2) {
            int length = in.getUnsignedShort(in.readerIndex());
            if (in.readableBytes() < 2 + length) {
                return;
            }
            if (length < CipherState.TAG_LENGTH) {
                throw new NoiseException("Noise frame of " + length + " bytes is shorter than its tag");
            }
            in.skipBytes(2);
            int plainLength = length - CipherState.TAG_LENGTH;
            ByteBuf plain = ctx.alloc().heapBuffer(plainLength);
            try {
                // the cipher's fast path wants arrays: take the ciphertext as one (socket reads
                // land in direct buffers), decrypt straight into the output buffer's array
                byte[] cipherText;
                int cipherOffset;
                if (in.hasArray()) {
                    cipherText = in.array();
                    cipherOffset = in.arrayOffset() + in.readerIndex();
                } else {
                    in.getBytes(in.readerIndex(), scratch, 0, length);
                    cipherText = scratch;
                    cipherOffset = 0;
                }
                receive.decrypt(cipherText, cipherOffset, length, plain.array(), plain.arrayOffset());
                plain.writerIndex(plainLength);
                in.skipBytes(length);
            } catch (NoiseException e) {
                plain.release();
                throw e;
            }
            if (plain.isReadable()) {
                out.add(plain);
            } else {
                plain.release();
            }
        }
    }
}
