package io.jdht.net.noise;

import io.jdht.crypto.PeerId;
import io.jdht.crypto.PrivateKey;
import io.jdht.net.handshake.TimedStep;
import io.jdht.net.resources.HeldBytes;
import io.jdht.net.resources.ResourceScope;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.random.RandomGenerator;

/**
 * Runs the libp2p Noise XX handshake on a channel, then puts a {@link NoiseTransportCodec} in its
 * place and removes itself. Handshake messages are framed with a 2-byte big-endian length.
 *
 * <p>Use: add it to a channel whose bytes are the raw connection (after multistream-select agreed
 * on {@code /noise}); it starts once the channel is active. Then either
 * <ul>
 *   <li>wait on {@link #handshakeFuture()}: it completes with the remote's proven identity, and
 *       its callbacks run on the channel's event loop before any decrypted byte is passed on, so
 *       they can install the next handlers; or
 *   <li>handle the {@link SecureSession} user event, fired just after the future completes.
 * </ul>
 * After success the pipeline holds, in place of this handler, a {@link NoiseTransportCodec} named
 * {@value #TRANSPORT_HANDLER_NAME}: handlers after it read and write plaintext {@code ByteBuf}s.
 * Bytes that arrived in the same read as the last handshake message go through it, not lost.
 *
 * <p>Each side may list the stream muxers it speaks in its handshake payload (inlined muxer
 * negotiation): when both did, the session names the first muxer of the initiator's list that the
 * responder also lists, and the connection needs no multistream-select for its muxer; when the
 * lists share none, the handshake fails. A side that lists none gets the usual negotiation after.
 *
 * <p>On failure (bad MAC, bad signature, wrong peer, malformed message, timeout, the channel closing
 * first) the future fails with a {@link NoiseException} saying why and the channel is closed.
 */
public final class NoiseHandshakeHandler extends TimedStep<SecureSession> {
    /** The largest Noise message, and so the largest frame body: the length prefix is 16 bits. */
    static final int MAX_FRAME = 65535;
    /** The pipeline name of the transport codec that replaces this handler. */
    public static final String TRANSPORT_HANDLER_NAME = "noise-transport";

    private final boolean initiator;
    private final PrivateKey identity;
    private final Optional<PeerId> expectedRemote;
    private final XXHandshake handshake;
    private final List<String> muxers;
    private SecureSession session;
    /** Bytes of an unfinished handshake message, reserved; made on first need. */
    private HeldBytes held;
    private boolean sentSecondMessage;

    /**
     * A handshake handler drawing its Noise keys from a new {@link SecureRandom}; a host making many
     * connections should share one through the other constructor.
     */
    public NoiseHandshakeHandler(boolean initiator, PrivateKey identity, Optional<PeerId> expectedRemote, Duration timeout) {
        this(initiator, identity, expectedRemote, timeout, new SecureRandom());
    }

    /** A handshake that lists no stream muxer: the muxer is left to multistream-select. */
    public NoiseHandshakeHandler(boolean initiator, PrivateKey identity, Optional<PeerId> expectedRemote,
            Duration timeout, RandomGenerator random) {
        this(initiator, identity, expectedRemote, timeout, random, List.of());
    }

    /**
     * @param initiator true on the side that dialled (it sends the first message)
     * @param identity our libp2p identity, which signs our Noise static key
     * @param expectedRemote the peer we meant to reach, if known: any other identity is refused
     * @param timeout how long the whole handshake may take once the channel is active
     * @param random where the per-session Noise static and ephemeral keys come from: a
     *     {@link SecureRandom} in production, a seeded generator in tests
     * @param muxers the stream muxers we speak, most preferred first, to list in our payload; empty
     *     to leave the muxer to multistream-select
     */
    public NoiseHandshakeHandler(boolean initiator, PrivateKey identity, Optional<PeerId> expectedRemote,
            Duration timeout, RandomGenerator random, List<String> muxers) {
        super(timeout,
                () -> new NoiseException("Noise handshake timed out after " + timeout.toMillis() + " ms"),
                () -> new NoiseException("connection closed during the Noise handshake"));
        this.initiator = initiator;
        this.identity = Objects.requireNonNull(identity, "identity");
        this.expectedRemote = Objects.requireNonNull(expectedRemote, "expectedRemote");
        this.handshake = XXHandshake.create(initiator, Objects.requireNonNull(random, "random"));
        this.muxers = List.copyOf(muxers);
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
                break;
            }
            in.skipBytes(2);
            byte[] message = ByteBufUtil.getBytes(in, in.readerIndex(), length);
            in.skipBytes(length);
            onMessage(ctx, message);
        }
        hold(ctx, result().isDone() ? 0 : in.readableBytes());
    }

    /**
     * Keeps an unfinished handshake message (up to 64 KiB) reserved from the connection's
     * transport scope, under the node, like the transport frames that follow.
     */
    private void hold(ChannelHandlerContext ctx, long bytes) throws NoiseException {
        if (held == null) {
            held = new HeldBytes(ctx.channel().attr(ResourceScope.TRANSPORT_KEY).get());
        }
        if (!held.setTo(bytes)) {
            throw new NoiseException(held.refusal("an unfinished handshake message of " + bytes + " bytes"));
        }
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        if (held != null) {
            held.release();
        }
        super.handlerRemoved0(ctx);
    }

    private void onMessage(ChannelHandlerContext ctx, byte[] message) throws Exception {
        byte[] payload = handshake.readMessage(message);
        if (initiator) {
            // message 2: learn and check the responder, then send message 3
            HandshakePayload.Proven responder = HandshakePayload.verify(payload, handshake.remoteStaticPublicKey(), expectedRemote);
            session = responder.identity().withMuxer(agreedMuxer(muxers, responder.streamMuxers()));
            send(ctx, handshake.writeMessage(HandshakePayload.create(identity, handshake.localStaticPublicKey(), muxers)));
            finish(ctx);
        } else if (!sentSecondMessage) {
            // message 1 carries no payload in libp2p; answer with message 2
            sentSecondMessage = true;
            send(ctx, handshake.writeMessage(HandshakePayload.create(identity, handshake.localStaticPublicKey(), muxers)));
        } else {
            // message 3: learn and check the initiator
            HandshakePayload.Proven initiatorPayload = HandshakePayload.verify(payload, handshake.remoteStaticPublicKey(), expectedRemote);
            session = initiatorPayload.identity().withMuxer(agreedMuxer(initiatorPayload.streamMuxers(), muxers));
            finish(ctx);
        }
    }

    /**
     * The muxer agreed inside the handshake: the first of the initiator's list the responder also
     * lists; none when either side listed nothing (it will be negotiated afterwards).
     *
     * @throws NoiseException when both listed muxers but none in common, as the spec requires
     */
    static Optional<String> agreedMuxer(List<String> initiatorMuxers, List<String> responderMuxers) throws NoiseException {
        if (initiatorMuxers.isEmpty() || responderMuxers.isEmpty()) {
            return Optional.empty();
        }
        for (String m : initiatorMuxers) {
            if (responderMuxers.contains(m)) {
                return Optional.of(m);
            }
        }
        throw new NoiseException("no stream muxer in common: the initiator listed " + initiatorMuxers.size()
                + ", the responder " + responderMuxers.size() + ", none on both lists");
    }

    private void finish(ChannelHandlerContext ctx) {
        CipherState[] keys = handshake.split();
        ctx.pipeline().addAfter(ctx.name(), TRANSPORT_HANDLER_NAME, new NoiseTransportCodec(keys[0], keys[1]));
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
