package io.jdht.net.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdht.crypto.Ed25519PrivateKey;
import io.jdht.crypto.PeerId;
import io.jdht.crypto.PrivateKey;
import io.jdht.net.testing.Wire;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The handshake handler and the transport codec it leaves behind, bytes in and bytes out. */
class NoiseHandlerTest {
    static PrivateKey key(int n) {
        byte[] seed = new byte[32];
        seed[0] = (byte) n;
        return Ed25519PrivateKey.fromSeed(seed);
    }

    static PeerId id(int n) {
        return PeerId.fromPublicKey(key(n).publicKey());
    }

    /** Records the user events that pass it. */
    static final class Events extends ChannelInboundHandlerAdapter {
        final List<Object> seen = new ArrayList<>();

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            seen.add(evt);
            ctx.fireUserEventTriggered(evt);
        }
    }

    record Side(NoiseHandshakeHandler handler, EmbeddedChannel channel, Events events) {
        static Side of(boolean initiator, int key, Optional<PeerId> expected, long seed) {
            NoiseHandshakeHandler h = new NoiseHandshakeHandler(initiator, key(key), expected, Duration.ofSeconds(5), new Random(seed));
            Events events = new Events();
            return new Side(h, new EmbeddedChannel(h, events), events);
        }
    }

    static Side initiator(Optional<PeerId> expected) {
        return Side.of(true, 1, expected, 3);
    }

    static Side responder() {
        return Side.of(false, 2, Optional.empty(), 4);
    }

    static void finish(Side... sides) {
        for (Side s : sides) {
            s.channel().finishAndReleaseAll();
        }
    }

    static byte[] frame(byte[] body) {
        byte[] out = new byte[2 + body.length];
        out[0] = (byte) (body.length >>> 8);
        out[1] = (byte) body.length;
        System.arraycopy(body, 0, out, 2, body.length);
        return out;
    }

    static byte[] readAllInbound(EmbeddedChannel ch) {
        ByteBuf all = Unpooled.buffer();
        ByteBuf part;
        while ((part = ch.readInbound()) != null) {
            all.writeBytes(part);
            part.release();
        }
        byte[] got = new byte[all.readableBytes()];
        all.readBytes(got);
        all.release();
        return got;
    }

    /** The body lengths of the Noise frames in {@code wire}, which must hold whole frames only. */
    static List<Integer> frameLengths(byte[] wire) {
        List<Integer> lengths = new ArrayList<>();
        int at = 0;
        while (at < wire.length) {
            int length = ((wire[at] & 0xFF) << 8) | (wire[at + 1] & 0xFF);
            lengths.add(length);
            at += 2 + length;
        }
        assertThat(at).isEqualTo(wire.length);
        return lengths;
    }

    @Test
    void handshakeProvesBothIdentitiesAndLeavesTheTransportCodec() {
        Side i = initiator(Optional.of(id(2)));
        Side r = responder();
        Wire.exchange(i.channel(), r.channel());

        SecureSession atInitiator = i.handler().handshakeFuture().join();
        assertThat(atInitiator.remotePeer()).isEqualTo(id(2));
        assertThat(atInitiator.remoteKey()).isEqualTo(key(2).publicKey());
        assertThat(r.handler().handshakeFuture().join().remotePeer()).isEqualTo(id(1));
        assertThat(i.events().seen).containsExactly(atInitiator);
        assertThat(r.events().seen).containsExactly(r.handler().handshakeFuture().join());
        for (Side s : List.of(i, r)) {
            assertThat(s.channel().pipeline().get(NoiseHandshakeHandler.class)).isNull();
            assertThat(s.channel().pipeline().get(NoiseHandshakeHandler.TRANSPORT_HANDLER_NAME))
                    .isInstanceOf(NoiseTransportCodec.class);
            assertThat(s.channel().isOpen()).isTrue();
        }
        finish(i, r);
    }

    @Test
    void dataLargerThanAFrameCrossesBothWays() {
        Side i = initiator(Optional.empty());
        Side r = responder();
        Wire.exchange(i.channel(), r.channel());
        byte[] big = new byte[200_000];
        new Random(5).nextBytes(big);

        i.channel().writeOutbound(Unpooled.wrappedBuffer(big));
        byte[] wire = Wire.drainOutbound(i.channel());
        assertThat(frameLengths(wire)).containsExactly(65535, 65535, 65535, 3443 + 16); // 3 × 65519 + 3443
        r.channel().writeInbound(Unpooled.wrappedBuffer(wire));
        assertThat(readAllInbound(r.channel())).isEqualTo(big);

        // and back, in pieces written separately, flushed once
        for (int at = 0; at < big.length; at += 10_000) {
            r.channel().write(Unpooled.wrappedBuffer(big, at, Math.min(10_000, big.length - at)));
        }
        r.channel().flush();
        byte[] back = Wire.drainOutbound(r.channel());
        assertThat(frameLengths(back)).allMatch(n -> n <= 65535).hasSize(4);
        // delivered in odd-sized reads: frames are reassembled
        for (int at = 0; at < back.length; at += 7_777) {
            i.channel().writeInbound(Unpooled.wrappedBuffer(back, at, Math.min(7_777, back.length - at)));
        }
        assertThat(readAllInbound(i.channel())).isEqualTo(big);
        finish(i, r);
    }

    @Test
    void smallWritesOfOneFlushShareAFrameAndTheirPromisesComplete() {
        Side i = initiator(Optional.empty());
        Side r = responder();
        Wire.exchange(i.channel(), r.channel());
        List<ChannelFuture> writes = new ArrayList<>();
        for (int n = 0; n < 10; n++) {
            writes.add(i.channel().write(Unpooled.wrappedBuffer(new byte[] {(byte) n})));
        }
        writes.add(i.channel().write(Unpooled.EMPTY_BUFFER));
        assertThat(writes).noneMatch(ChannelFuture::isDone); // held until flush
        i.channel().flush();
        assertThat(writes).allMatch(ChannelFuture::isSuccess);
        byte[] wire = Wire.drainOutbound(i.channel());
        assertThat(frameLengths(wire)).containsExactly(10 + 16);

        ChannelFuture empty = i.channel().writeAndFlush(Unpooled.EMPTY_BUFFER);
        assertThat(empty.isSuccess()).isTrue();
        assertThat(Wire.drainOutbound(i.channel())).isEmpty(); // nothing to seal, nothing sent
        finish(i, r);
    }

    @Test
    void fullFramesAreSealedBeforeFlushSoTheOutboundBufferSeesThem() {
        Side i = initiator(Optional.empty());
        Side r = responder();
        Wire.exchange(i.channel(), r.channel());
        ChannelFuture write = i.channel().write(Unpooled.wrappedBuffer(new byte[3 * NoiseFrameEncoder.MAX_PLAINTEXT + 10]));
        // three full frames wait in the channel's outbound buffer (counted for writability, with Netty's
        // per-entry overhead); the last 10 bytes wait here for the flush
        assertThat(i.channel().unsafe().outboundBuffer().totalPendingWriteBytes()).isBetween(3 * 65537L, 3 * 65537L + 200);
        assertThat(write.isDone()).isFalse();
        i.channel().flush();
        assertThat(write.isSuccess()).isTrue();
        assertThat(frameLengths(Wire.drainOutbound(i.channel()))).containsExactly(65535, 65535, 65535, 10 + 16);
        finish(i, r);
    }

    @Test
    void aFrameOfTheLargestSizeIsAccepted() {
        Side i = initiator(Optional.empty());
        Side r = responder();
        Wire.exchange(i.channel(), r.channel());
        byte[] full = new byte[NoiseFrameEncoder.MAX_PLAINTEXT];
        Arrays.fill(full, (byte) 7);
        i.channel().writeOutbound(Unpooled.wrappedBuffer(full), Unpooled.wrappedBuffer(new byte[] {8}));
        byte[] wire = Wire.drainOutbound(i.channel());
        assertThat(frameLengths(wire)).containsExactly(65535, 1 + 16);
        r.channel().writeInbound(Unpooled.wrappedBuffer(wire));
        byte[] got = readAllInbound(r.channel());
        assertThat(got).hasSize(full.length + 1);
        assertThat(got[full.length]).isEqualTo((byte) 8);
        finish(i, r);
    }

    @Test
    void bytesBehindTheLastHandshakeMessageAreNotLost() {
        Side i = initiator(Optional.empty());
        Side r = responder();
        Wire.shuttle(i.channel(), r.channel()); // message 1
        Wire.shuttle(r.channel(), i.channel()); // message 2; the initiator is done and sends message 3
        assertThat(i.handler().handshakeFuture()).isCompleted();
        i.channel().writeOutbound(Unpooled.wrappedBuffer("early data".getBytes()));
        byte[] message3AndData = Wire.drainOutbound(i.channel());

        r.channel().writeInbound(Unpooled.wrappedBuffer(message3AndData)); // one read holds both
        assertThat(r.handler().handshakeFuture()).isCompleted();
        assertThat(readAllInbound(r.channel())).isEqualTo("early data".getBytes());
        finish(i, r);
    }

    @Test
    void aWrongExpectedPeerIsRefusedNamingBoth() {
        Side i = initiator(Optional.of(id(9)));
        Side r = responder();
        Wire.exchange(i.channel(), r.channel());
        assertThat(i.handler().handshakeFuture()).isCompletedExceptionally();
        assertThat(i.handler().handshakeFuture().exceptionNow())
                .isInstanceOf(NoiseException.class)
                .hasMessage("dialled peer " + id(9) + " but the remote proved to be " + id(2));
        assertThat(i.channel().isOpen()).isFalse();
        assertThat(i.events().seen).isEmpty();
        // the responder never got message 3, and learns of the failure as a closed connection
        assertThat(r.handler().handshakeFuture()).isNotDone();
        finish(i, r);
        assertThat(r.handler().handshakeFuture().exceptionNow()).hasMessageContaining("closed during the Noise handshake");
    }

    @Test
    void aPayloadWhoseSignatureDoesNotCoverTheStaticKeyIsRefused() throws Exception {
        Side i = initiator(Optional.empty());
        byte[] message1 = Wire.drainOutbound(i.channel());
        // a responder that signs some other static key than the one it uses
        XXHandshake liar = XXHandshake.create(false, new Random(7));
        liar.readMessage(Arrays.copyOfRange(message1, 2, message1.length));
        byte[] message2 = liar.writeMessage(HandshakePayload.create(key(2), new byte[32], List.of()));
        i.channel().writeInbound(Unpooled.wrappedBuffer(frame(message2)));

        assertThat(i.handler().handshakeFuture().exceptionNow())
                .isInstanceOf(NoiseException.class)
                .hasMessageContaining("signature does not verify");
        assertThat(i.channel().isOpen()).isFalse();
        assertThat(Wire.drainOutbound(i.channel())).isEmpty(); // no message 3
        finish(i);
    }

    @Test
    void aPayloadWithoutIdentityIsRefused() throws Exception {
        Side r = responder();
        XXHandshake honest = XXHandshake.create(true, new Random(8));
        r.channel().writeInbound(Unpooled.wrappedBuffer(frame(honest.writeMessage(new byte[0]))));
        byte[] message2 = Wire.drainOutbound(r.channel());
        honest.readMessage(Arrays.copyOfRange(message2, 2, message2.length));
        r.channel().writeInbound(Unpooled.wrappedBuffer(frame(honest.writeMessage(new byte[0]))));
        assertThat(r.handler().handshakeFuture().exceptionNow())
                .isInstanceOf(NoiseException.class)
                .hasMessageContaining("lacks the identity key");
        assertThat(r.channel().isOpen()).isFalse();
        finish(r);
    }

    @Test
    void aTamperedTransportFrameClosesTheConnectionAfterTheGoodOnes() {
        Side i = initiator(Optional.empty());
        Side r = responder();
        Wire.exchange(i.channel(), r.channel());
        i.channel().writeOutbound(Unpooled.wrappedBuffer(new byte[] {1, 2, 3, 4}));
        i.channel().writeOutbound(Unpooled.wrappedBuffer(new byte[] {5, 6, 7, 8}));
        byte[] wire = Wire.drainOutbound(i.channel());
        wire[wire.length - 1] ^= 0x40; // in the second frame's tag

        assertThatThrownBy(() -> r.channel().writeInbound(Unpooled.wrappedBuffer(wire)))
                .isInstanceOf(NoiseException.class)
                .hasMessageContaining("bad MAC");
        assertThat(readAllInbound(r.channel())).containsExactly(1, 2, 3, 4);
        assertThat(r.channel().isOpen()).isFalse();
        finish(i, r);
    }

    @Test
    void aFrameShorterThanATagIsRefusedAtOnce() {
        Side i = initiator(Optional.empty());
        Side r = responder();
        Wire.exchange(i.channel(), r.channel());
        // the length alone is enough to know: the body is not waited for
        assertThatThrownBy(() -> r.channel().writeInbound(Unpooled.wrappedBuffer(new byte[] {0, 15})))
                .isInstanceOf(NoiseException.class)
                .hasMessageContaining("shorter than its 16-byte tag");
        assertThat(r.channel().isOpen()).isFalse();
        finish(i, r);
    }

    @Test
    void aConnectionEndingInsideAFrameIsReported() {
        Side i = initiator(Optional.empty());
        Side r = responder();
        Wire.exchange(i.channel(), r.channel());
        i.channel().writeOutbound(Unpooled.wrappedBuffer(new byte[100]));
        byte[] wire = Wire.drainOutbound(i.channel());
        r.channel().writeInbound(Unpooled.wrappedBuffer(wire, 0, 50));
        assertThat((Object) r.channel().readInbound()).isNull(); // waiting for the rest
        assertThat(r.channel().isOpen()).isTrue();
        assertThatThrownBy(() -> r.channel().finish())
                .isInstanceOf(NoiseException.class)
                .hasMessage("connection ended in the middle of a frame (48 of 116 bytes)");
        finish(i, r);
    }

    @Test
    void garbageAsTheFirstHandshakeMessageFails() {
        Side r = responder();
        r.channel().writeInbound(Unpooled.wrappedBuffer(new byte[] {0, 3, 1, 2, 3}));
        assertThat(r.handler().handshakeFuture().exceptionNow())
                .isInstanceOf(NoiseException.class)
                .hasMessageContaining("message 1 is 3 bytes");
        assertThat(r.channel().isOpen()).isFalse();
        finish(r);
    }

    @Test
    void aSilentPeerTimesOut() {
        Side i = initiator(Optional.empty());
        i.channel().advanceTimeBy(6, TimeUnit.SECONDS);
        i.channel().runScheduledPendingTasks();
        assertThat(i.handler().handshakeFuture().exceptionNow())
                .isInstanceOf(NoiseException.class)
                .hasMessage("Noise handshake timed out after 5000 ms");
        assertThat(i.channel().isOpen()).isFalse();
        finish(i);
    }
}
