package io.jdht.net.noise;

import static io.jdht.net.noise.NoiseHandlerTest.id;
import static io.jdht.net.noise.NoiseHandlerTest.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdht.net.testing.Wire;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The stream muxer agreed inside the Noise handshake (early data), and when it is not. */
class InlinedMuxerTest {
    private static final String YAMUX = "/yamux/1.0.0";
    private static final String MPLEX = "/mplex/6.7.0";

    private record Pair(NoiseHandshakeHandler initiator, NoiseHandshakeHandler responder) {}

    private static Pair handshake(List<String> initiatorMuxers, List<String> responderMuxers) {
        NoiseHandshakeHandler i = new NoiseHandshakeHandler(true, key(1), Optional.of(id(2)), Duration.ofSeconds(5),
                new Random(1), initiatorMuxers);
        NoiseHandshakeHandler r = new NoiseHandshakeHandler(false, key(2), Optional.empty(), Duration.ofSeconds(5),
                new Random(2), responderMuxers);
        EmbeddedChannel ic = new EmbeddedChannel(i);
        EmbeddedChannel rc = new EmbeddedChannel(r);
        Wire.exchange(ic, rc);
        ic.finishAndReleaseAll();
        rc.finishAndReleaseAll();
        return new Pair(i, r);
    }

    @Test
    void bothSidesListingYamuxAgreeOnItWithoutAnotherRound() {
        Pair p = handshake(List.of(YAMUX), List.of(YAMUX));
        assertThat(p.initiator().handshakeFuture().join().muxer()).contains(YAMUX);
        assertThat(p.responder().handshakeFuture().join().muxer()).contains(YAMUX);
    }

    @Test
    void theInitiatorsPreferenceWinsOnBothSides() {
        Pair p = handshake(List.of(YAMUX, MPLEX), List.of(MPLEX, YAMUX));
        assertThat(p.initiator().handshakeFuture().join().muxer()).contains(YAMUX);
        assertThat(p.responder().handshakeFuture().join().muxer()).contains(YAMUX);
    }

    @Test
    void aSideThatListsNothingLeavesTheMuxerToMultistreamSelect() {
        for (Pair p : List.of(handshake(List.of(), List.of(YAMUX)), handshake(List.of(YAMUX), List.of()))) {
            assertThat(p.initiator().handshakeFuture().join().muxer()).isEmpty();
            assertThat(p.responder().handshakeFuture().join().muxer()).isEmpty();
            assertThat(p.initiator().handshakeFuture().join().remotePeer()).isEqualTo(id(2));
        }
    }

    @Test
    void listsWithNothingInCommonFailTheHandshake() {
        Pair p = handshake(List.of(YAMUX), List.of(MPLEX));
        assertThat(p.initiator().handshakeFuture()).isCompletedExceptionally();
        assertThatThrownBy(() -> NoiseHandshakeHandler.agreedMuxer(List.of(YAMUX), List.of(MPLEX)))
                .isInstanceOf(NoiseException.class).hasMessageContaining("no stream muxer in common");
    }

    @Test
    void aRemoteListIsReadOnlyUpToItsBound() throws Exception {
        List<String> many = java.util.stream.IntStream.range(0, 40).mapToObj(n -> "/m/" + n).toList();
        byte[] payload = HandshakePayload.create(key(1), new byte[32], many);
        byte[] wrongKeyButParsed = payload; // the signature covers another static key: verify fails first
        assertThatThrownBy(() -> HandshakePayload.verify(wrongKeyButParsed, new byte[32 - 1], Optional.empty()))
                .isInstanceOf(NoiseException.class);
        // with the key it signed, the list comes back cut to the bound
        byte[] staticKey = new byte[32];
        assertThat(HandshakePayload.verify(payload, staticKey, Optional.empty()).streamMuxers())
                .hasSize(HandshakePayload.MAX_MUXERS).startsWith("/m/0");
    }
}
