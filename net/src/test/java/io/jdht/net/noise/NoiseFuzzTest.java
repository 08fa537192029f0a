package io.jdht.net.noise;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.jdht.crypto.Ed25519PrivateKey;
import io.jdht.crypto.PeerId;
import io.jdht.net.testing.Wire;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.Random;

/**
 * Fuzz targets for everything that reads Noise bytes from the network. The handshake targets take
 * a first byte that picks how the rest is used:
 * <ul>
 *   <li>0: raw wire bytes, framing included;
 *   <li>1: the payload of the remote's next message, sealed properly by an honest remote, so the
 *       fuzzer reaches the payload parser and the signature check behind the MAC;
 *   <li>2: the body of the remote's next message, framed but not sealed.
 * </ul>
 * Keys are fixed (seeded), so a seed holding a valid signed payload stays valid and covers the
 * success path. The outcome must be success, a {@link NoiseException} with the channel closed, or
 * waiting for more bytes with the channel open.
 */
class NoiseFuzzTest {
    private static final Ed25519PrivateKey KEY = Ed25519PrivateKey.fromSeed(new byte[32]);
    /** Seeds of the honest remotes' Noise keys; the seed files' valid payloads sign these keys. */
    static final long HONEST_INITIATOR_SEED = 11;
    static final long HONEST_RESPONDER_SEED = 12;

    /** A responder fed message 1, or a valid message 1 and then a fuzzed message 3. */
    @FuzzTest(maxDuration = "60s")
    void responderHandshake(byte[] input) throws Exception {
        NoiseHandshakeHandler h = new NoiseHandshakeHandler(false, KEY, Optional.empty(), Duration.ofSeconds(5), new Random(1));
        EmbeddedChannel ch = new EmbeddedChannel(h);
        int mode = input.length == 0 ? 0 : (input[0] & 0xFF) % 3;
        byte[] body = input.length == 0 ? input : Arrays.copyOfRange(input, 1, input.length);
        if (mode == 0) {
            ch.writeInbound(Unpooled.wrappedBuffer(body));
        } else {
            XXHandshake honest = XXHandshake.create(true, new Random(HONEST_INITIATOR_SEED));
            ch.writeInbound(Unpooled.wrappedBuffer(frame(honest.writeMessage(new byte[0]))));
            byte[] message2 = Wire.drainOutbound(ch);
            honest.readMessage(Arrays.copyOfRange(message2, 2, message2.length));
            byte[] message3 = mode == 1 ? honest.writeMessage(clip(body, 65535 - 64)) : clip(body, 65535);
            ch.writeInbound(Unpooled.wrappedBuffer(frame(message3)));
        }
        checkOutcome(h, ch);
    }

    /** An initiator fed message 2, raw, sealed with a fuzzed payload, or unsealed. */
    @FuzzTest(maxDuration = "60s")
    void initiatorHandshake(byte[] input) throws Exception {
        NoiseHandshakeHandler h = new NoiseHandshakeHandler(true, KEY, Optional.empty(), Duration.ofSeconds(5), new Random(1));
        EmbeddedChannel ch = new EmbeddedChannel(h);
        byte[] message1 = Wire.drainOutbound(ch);
        int mode = input.length == 0 ? 0 : (input[0] & 0xFF) % 3;
        byte[] body = input.length == 0 ? input : Arrays.copyOfRange(input, 1, input.length);
        if (mode == 0) {
            ch.writeInbound(Unpooled.wrappedBuffer(body));
        } else {
            XXHandshake honest = XXHandshake.create(false, new Random(HONEST_RESPONDER_SEED));
            honest.readMessage(Arrays.copyOfRange(message1, 2, message1.length));
            byte[] message2 = mode == 1 ? honest.writeMessage(clip(body, 65535 - 96)) : clip(body, 65535);
            ch.writeInbound(Unpooled.wrappedBuffer(frame(message2)));
        }
        if (h.handshakeFuture().isDone() && !h.handshakeFuture().isCompletedExceptionally()) {
            assertThat(Wire.drainOutbound(ch)).isNotEmpty(); // message 3 went out
        }
        checkOutcome(h, ch);
    }

    private static void checkOutcome(NoiseHandshakeHandler h, EmbeddedChannel ch) {
        var future = h.handshakeFuture();
        if (future.isCompletedExceptionally()) {
            assertThat(future.exceptionNow()).isInstanceOf(NoiseException.class);
            assertThat(ch.isOpen()).isFalse();
        } else if (future.isDone()) {
            SecureSession session = future.join();
            assertThat(session.remotePeer()).isEqualTo(PeerId.fromPublicKey(session.remoteKey()));
            assertThat(ch.pipeline().get(NoiseTransportCodec.class)).isNotNull();
            assertThat(ch.isOpen()).isTrue();
        } else {
            assertThat(ch.isOpen()).isTrue();
        }
        ch.finishAndReleaseAll();
    }

    /** Raw bytes into the transport decoder: nothing unauthenticated ever comes out. */
    @FuzzTest(maxDuration = "60s")
    void transportFrames(byte[] input) {
        EmbeddedChannel ch = new EmbeddedChannel(new NoiseFrameDecoder(new CipherState(new byte[32])));
        try {
            ch.writeInbound(Unpooled.wrappedBuffer(input));
            ch.finish();
        } catch (Exception e) {
            assertThat(e).isInstanceOf(NoiseException.class);
        }
        assertThat((Object) ch.readInbound()).isNull();
        ch.finishAndReleaseAll();
    }

    /**
     * Fuzzed writes through the encoder, optionally one corrupted byte, then fuzzed read sizes
     * through the decoder: without corruption the plaintext comes back exactly; with it, only a
     * prefix of it comes back and the connection fails with a {@link NoiseException}.
     */
    @FuzzTest(maxDuration = "60s")
    void transportRoundTrip(FuzzedDataProvider data) {
        byte[] key = new byte[32];
        key[0] = 1;
        EmbeddedChannel sender = new EmbeddedChannel(new NoiseFrameEncoder(new CipherState(key)));
        EmbeddedChannel receiver = new EmbeddedChannel(new NoiseFrameDecoder(new CipherState(key)));
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        int writes = data.consumeInt(0, 6);
        for (int n = 0; n < writes; n++) {
            // sizes come from the fuzzer, contents need not: large multi-frame writes stay cheap to reach
            byte[] chunk = new byte[data.consumeInt(0, 70_000)];
            Arrays.fill(chunk, data.consumeByte());
            sent.writeBytes(chunk);
            sender.write(Unpooled.wrappedBuffer(chunk));
            if (data.consumeBoolean()) {
                sender.flush();
            }
        }
        sender.flush();
        byte[] wire = Wire.drainOutbound(sender);
        boolean corrupt = wire.length > 0 && data.consumeBoolean();
        if (corrupt) {
            wire[data.consumeInt(0, wire.length - 1)] ^= (byte) data.consumeInt(1, 255);
        }
        Exception failure = null;
        try {
            // at most 16 reads, the last taking the rest: once the fuzz data runs out, sizes are 1
            for (int at = 0, reads = 1; at < wire.length; reads++) {
                int n = reads == 16 ? wire.length - at : Math.min(wire.length - at, data.consumeInt(1, 70_000));
                receiver.writeInbound(Unpooled.wrappedBuffer(wire, at, n));
                at += n;
            }
            receiver.finish();
        } catch (Exception e) {
            failure = e;
        }
        byte[] got = NoiseHandlerTest.readAllInbound(receiver);
        byte[] expected = sent.toByteArray();
        if (corrupt) {
            assertThat(failure).isInstanceOf(NoiseException.class);
            assertThat(got.length).isLessThan(expected.length);
            assertThat(got).isEqualTo(Arrays.copyOf(expected, got.length));
        } else {
            assertThat(failure).isNull();
            assertThat(got).isEqualTo(expected);
        }
        sender.finishAndReleaseAll();
        receiver.finishAndReleaseAll();
    }

    static byte[] frame(byte[] body) {
        return NoiseHandlerTest.frame(body);
    }

    private static byte[] clip(byte[] bytes, int max) {
        return bytes.length <= max ? bytes : Arrays.copyOf(bytes, max);
    }
}
