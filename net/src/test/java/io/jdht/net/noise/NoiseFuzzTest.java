package io.jdht.net.noise;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.jdht.crypto.Ed25519PrivateKey;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.Optional;
import java.util.Random;

class NoiseFuzzTest {
    private static final Ed25519PrivateKey KEY = Ed25519PrivateKey.fromSeed(new byte[32]);

    /** A responder fed arbitrary bytes as handshake messages fails cleanly or keeps waiting. */
    @FuzzTest(maxDuration = "60s")
    void responderHandshake(byte[] input) {
        check(new NoiseHandshakeHandler(false, KEY, Optional.empty(), Duration.ofSeconds(5), new Random(1)), input);
    }

    /** An initiator fed arbitrary bytes as message 2 fails cleanly or keeps waiting. */
    @FuzzTest(maxDuration = "60s")
    void initiatorHandshake(byte[] input) {
        check(new NoiseHandshakeHandler(true, KEY, Optional.empty(), Duration.ofSeconds(5), new Random(1)), input);
    }

    private static void check(NoiseHandshakeHandler h, byte[] input) {
        EmbeddedChannel ch = new EmbeddedChannel(h);
        ch.writeInbound(Unpooled.wrappedBuffer(input));
        if (h.handshakeFuture().isCompletedExceptionally()) {
            assertThat(ch.isOpen()).isFalse();
        } else {
            assertThat(h.handshakeFuture()).isNotDone(); // random bytes never authenticate
        }
        ch.finishAndReleaseAll();
    }

    /** The transport decoder rejects what does not authenticate and never passes on unauthenticated bytes. */
    @FuzzTest(maxDuration = "60s")
    void transportFrames(byte[] input) {
        EmbeddedChannel ch = new EmbeddedChannel(new NoiseFrameDecoder(new CipherState(new byte[32])));
        try {
            ch.writeInbound(Unpooled.wrappedBuffer(input));
        } catch (io.netty.handler.codec.DecoderException expected) {
            // bad tag or short frame
        }
        assertThat((Object) ch.readInbound()).isNull();
        ch.finishAndReleaseAll();
    }
}
