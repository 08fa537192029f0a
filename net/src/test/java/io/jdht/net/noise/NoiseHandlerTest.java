package io.jdht.net.noise;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdht.crypto.Ed25519PrivateKey;
import io.jdht.crypto.PeerId;
import io.jdht.crypto.PrivateKey;
import io.jdht.net.testing.Wire;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NoiseHandlerTest {
    static PrivateKey key(int n) {
        byte[] seed = new byte[32];
        seed[0] = (byte) n;
        return Ed25519PrivateKey.fromSeed(seed);
    }

    static PeerId id(int n) {
        return PeerId.fromPublicKey(key(n).publicKey());
    }

    record Pair(NoiseHandshakeHandler ih, NoiseHandshakeHandler rh, EmbeddedChannel i, EmbeddedChannel r) {}

    static Pair handshake(Optional<PeerId> expected) {
        NoiseHandshakeHandler ih = new NoiseHandshakeHandler(true, key(1), expected, Duration.ofSeconds(5), new Random(3));
        NoiseHandshakeHandler rh = new NoiseHandshakeHandler(false, key(2), Optional.empty(), Duration.ofSeconds(5), new Random(4));
        EmbeddedChannel i = new EmbeddedChannel(ih);
        EmbeddedChannel r = new EmbeddedChannel(rh);
        Wire.exchange(i, r);
        return new Pair(ih, rh, i, r);
    }

    @Test
    void handshakeProvesBothIdentitiesAndCarriesData() {
        Pair p = handshake(Optional.of(id(2)));
        assertThat(p.ih().handshakeFuture().join().remotePeer()).isEqualTo(id(2));
        assertThat(p.rh().handshakeFuture().join().remotePeer()).isEqualTo(id(1));
        assertThat(p.i().pipeline().get(NoiseHandshakeHandler.class)).isNull();
        assertThat(p.i().pipeline().get(NoiseTransportCodec.class)).isNotNull();

        byte[] big = new byte[200_000]; // several frames
        new Random(5).nextBytes(big);
        p.i().writeOutbound(Unpooled.wrappedBuffer(big));
        ByteBuf wire = Unpooled.wrappedBuffer(Wire.drainOutbound(p.i()));
        assertThat(wire.readableBytes()).isEqualTo(big.length + 4 * (2 + 16)); // 4 frames of at most 65519 bytes
        p.r().writeInbound(wire);
        ByteBuf all = Unpooled.buffer();
        ByteBuf part;
        while ((part = p.r().readInbound()) != null) {
            all.writeBytes(part);
            part.release();
        }
        byte[] got = new byte[all.readableBytes()];
        all.readBytes(got);
        all.release();
        assertThat(got).isEqualTo(big);
        p.i().finishAndReleaseAll();
        p.r().finishAndReleaseAll();
    }

    @Test
    void wrongExpectedPeerIsRefused() {
        Pair p = handshake(Optional.of(id(9)));
        assertThat(p.ih().handshakeFuture()).isCompletedExceptionally();
        assertThat(p.ih().handshakeFuture().exceptionNow())
                .isInstanceOf(NoiseException.class)
                .hasMessageContaining(id(9).toString())
                .hasMessageContaining(id(2).toString());
        assertThat(p.i().isOpen()).isFalse();
        p.i().finishAndReleaseAll();
        p.r().finishAndReleaseAll();
    }

    @Test
    void tamperedTransportFrameClosesTheConnection() {
        Pair p = handshake(Optional.empty());
        p.i().writeOutbound(Unpooled.wrappedBuffer(new byte[] {1, 2, 3, 4}));
        byte[] wire = Wire.drainOutbound(p.i());
        wire[5] ^= 0x40;
        p.r().writeInbound(Unpooled.wrappedBuffer(wire));
        assertThat(p.r().isOpen()).isFalse();
        p.i().finishAndReleaseAll();
        p.r().finishAndReleaseAll();
    }

    @Test
    void shortFramesAndGarbageHandshakesFail() {
        NoiseHandshakeHandler rh = new NoiseHandshakeHandler(false, key(2), Optional.empty(), Duration.ofSeconds(5));
        EmbeddedChannel r = new EmbeddedChannel(rh);
        r.writeInbound(Unpooled.wrappedBuffer(new byte[] {0, 3, 1, 2, 3}));
        assertThat(rh.handshakeFuture()).isCompletedExceptionally();
        assertThat(r.isOpen()).isFalse();
        r.finishAndReleaseAll();

        Pair p = handshake(Optional.empty());
        p.r().writeInbound(Unpooled.wrappedBuffer(new byte[] {0, 5, 1, 2, 3, 4, 5})); // shorter than a tag
        assertThat(p.r().isOpen()).isFalse();
        p.i().finishAndReleaseAll();
        p.r().finishAndReleaseAll();
    }

    @Test
    void aBadIdentitySignatureIsRefused() throws Exception {
        // A responder whose payload signs a different static key than the one it uses.
        XXHandshake honestInitiator = XXHandshake.create(true, new Random(6));
        XXHandshake liar = XXHandshake.create(false, new Random(7));
        liar.readMessage(honestInitiator.writeMessage(new byte[0]));
        byte[] forged = HandshakePayload.create(key(2), new byte[32]);
        byte[] m2 = liar.writeMessage(forged);
        byte[] payload = honestInitiator.readMessage(m2);
        org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                        HandshakePayload.verify(payload, honestInitiator.remoteStaticPublicKey(), Optional.empty()))
                .isInstanceOf(NoiseException.class)
                .hasMessageContaining("signature");
    }
}
