package io.jdht.net.noise;

import io.jdht.crypto.PeerId;
import io.jdht.crypto.PrivateKey;
import io.jdht.net.handshake.TimedStep;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.random.RandomGenerator;

/**
 * Runs the libp2p Noise XX handshake on a channel, then puts a {@link NoiseTransportCodec} in its
 * place and removes itself. Messages are framed with a 2-byte big-endian length.
 *
 * <p>On success {@link #handshakeFuture()} completes with the remote's proven identity (callbacks
 * run before any decrypted byte is passed on, so they can install the next handlers) and a
 * {@link SecureSession} user event goes down the pipeline. On failure the future fails with a
 * {@link NoiseException} and the channel closes.
 */
public final class NoiseHandshakeHandler extends TimedStep<SecureSession> {
    static final int MAX_FRAME = 65535;

    private final boolean initiator;
    private final PrivateKey identity;
    private final Optional<PeerId> expectedRemote;
    private final XXHandshake handshake;
    private SecureSession session;
    private boolean sentSecondMessage;

    public NoiseHandshakeHandler(boolean initiator, PrivateKey identity, Optional<PeerId> expectedRemote, Duration timeout) {
        this(initiator, identity, expectedRemote, timeout, new SecureRandom());
    }

    public NoiseHandshakeHandler(boolean initiator, PrivateKey identity, Optional<PeerId> expectedRemote,
            Duration timeout, RandomGenerator random) {
        super(timeout,
                () -> new NoiseException("Noise handshake timed out after " + timeout.toMillis() + " ms"),
                () -> new NoiseException("connection closed during the Noise handshake"));
        this.initiator = initiator;
        this.identity = identity;
        this.expectedRemote = expectedRemote;
        this.handshake = XXHandshake.create(initiator, random);
    }

    /** The handshake's outcome; the same future as {@link #result()}. */
    public CompletableFuture<SecureSession> handshakeFuture() {
        return result();
    }

    @Override
    protected void onStart(ChannelHandlerContext ctx) throws NoiseException {
        if (initiator) {
            send(ctx, handshake.writeMessage(new byte[0]));
        }
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        while (!result().isDone() && in.readableBytes() >= 2) {
            int length = in.getUnsignedShort(in.readerIndex());
            if (in.readableBytes() < 2 + length) {
                return;
            }
            in.skipBytes(2);
            byte[] message = ByteBufUtil.getBytes(in, in.readerIndex(), length);
            in.skipBytes(length);
            onMessage(ctx, message);
        }
    }

    private void onMessage(ChannelHandlerContext ctx, byte[] message) throws Exception {
        byte[] payload = handshake.readMessage(message);
        if (initiator) {
            // message 2: learn and check the responder, then send message 3
            session = HandshakePayload.verify(payload, handshake.remoteStaticPublicKey(), expectedRemote);
            send(ctx, handshake.writeMessage(HandshakePayload.create(identity, handshake.localStaticPublicKey())));
            finish(ctx);
        } else if (!sentSecondMessage) {
            // message 1 carries no payload in libp2p; answer with message 2
            sentSecondMessage = true;
            send(ctx, handshake.writeMessage(HandshakePayload.create(identity, handshake.localStaticPublicKey())));
        } else {
            // message 3: learn and check the initiator
            session = HandshakePayload.verify(payload, handshake.remoteStaticPublicKey(), expectedRemote);
            finish(ctx);
        }
    }

    private void finish(ChannelHandlerContext ctx) {
        CipherState[] keys = handshake.split();
        ctx.pipeline().addAfter(ctx.name(), "noise-transport", new NoiseTransportCodec(keys[0], keys[1]));
        succeed(session);
        ctx.fireUserEventTriggered(session);
        ctx.pipeline().remove(this); // bytes behind the last handshake message go to the transport codec
    }

    private static void send(ChannelHandlerContext ctx, byte[] message) throws NoiseException {
        if (message.length > MAX_FRAME) {
            throw new NoiseException("handshake message of " + message.length + " bytes does not fit a frame");
        }
        ByteBuf buf = ctx.alloc().buffer(2 + message.length);
        buf.writeShort(message.length).writeBytes(message);
        ctx.writeAndFlush(buf);
    }
}
