package io.jdht.net.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdht.crypto.KeyType;
import io.jdht.crypto.PrivateKey;
import io.jdht.net.resources.MemoryLimits;
import io.jdht.net.resources.ResourceManager;
import io.jdht.net.resources.ResourceScope;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The part of a Noise frame (or handshake message) that has arrived waits in the decoder; those bytes are reserved from
 * the connection's transport scope (under the node), so that many connections each holding most
 * of a 64 KiB frame count against the node's memory, and a connection that does not fit is closed.
 */
class NoiseFrameReservationTest {
    private static final byte[] KEY = new byte[32];

    static {
        Arrays.fill(KEY, (byte) 3);
    }

    /** One sealed frame of {@code plainLength} bytes, as it goes on the wire (length prefix included). */
    private static byte[] frame(int plainLength) {
        EmbeddedChannel sender = new EmbeddedChannel(new NoiseFrameEncoder(new CipherState(KEY)));
        sender.writeAndFlush(Unpooled.wrappedBuffer(new byte[plainLength]));
        ByteBuf wire = sender.readOutbound();
        byte[] bytes = new byte[wire.readableBytes()];
        wire.readBytes(bytes);
        wire.release();
        sender.finishAndReleaseAll();
        return bytes;
    }

    /** {@code count} frames of {@code plainLength} bytes each, sealed one after another as on the wire. */
    private static byte[] frames(int count, int plainLength) {
        EmbeddedChannel sender = new EmbeddedChannel(new NoiseFrameEncoder(new CipherState(KEY)));
        ByteBuf all = Unpooled.buffer();
        for (int i = 0; i < count; i++) {
            sender.writeAndFlush(Unpooled.wrappedBuffer(new byte[plainLength]));
            for (ByteBuf b; (b = sender.readOutbound()) != null; ) {
                all.writeBytes(b);
                b.release();
            }
        }
        sender.finishAndReleaseAll();
        byte[] bytes = new byte[all.readableBytes()];
        all.readBytes(bytes);
        return bytes;
    }

    private static EmbeddedChannel receiverIn(ResourceScope connection) {
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.attr(ResourceScope.TRANSPORT_KEY).set(connection);
        ch.pipeline().addLast(new NoiseFrameDecoder(new CipherState(KEY)));
        return ch;
    }

    private static ResourceManager manager(long node, long connection) {
        return new ResourceManager(new MemoryLimits(node, node, connection, connection, connection), 16);
    }

    /** A connection's transport scope, but with {@code limit} instead of one Noise frame. */
    private static ResourceScope transport(ResourceManager manager, long limit) {
        return manager.node().child("transport", limit, 0);
    }

    @Test
    void anUnfinishedFrameIsReservedUntilItIsWhole() {
        ResourceScope connection = manager(1 << 20, 1 << 20).newTransport("a");
        EmbeddedChannel ch = receiverIn(connection);
        byte[] wire = frame(40_000);
        ch.writeInbound(Unpooled.wrappedBuffer(wire, 0, 30_000));
        assertThat(connection.memoryUsed()).isEqualTo(30_000);
        ch.writeInbound(Unpooled.wrappedBuffer(wire, 30_000, wire.length - 30_000));
        ByteBuf plain = ch.readInbound();
        assertThat(plain.readableBytes()).isEqualTo(40_000);
        plain.release();
        assertThat(connection.memoryUsed()).as("given back once the frame is whole").isZero();
        assertThat(ch.isOpen()).isTrue();
        ch.finishAndReleaseAll();
    }

    @Test
    void manyWholeFramesInOneReadAreNotHeldAgainstTheOneFrameBudget() {
        ResourceScope transport = manager(1 << 20, 1 << 20).newTransport("a");
        EmbeddedChannel ch = receiverIn(transport);
        // 200 frames of about 1,000 bytes and the start of one more, 200 KB in one read: three
        // times what the transport scope holds
        byte[] wire = frames(201, 984);
        int frameLength = wire.length / 201;
        ch.writeInbound(Unpooled.wrappedBuffer(wire, 0, 200 * frameLength + 500));
        assertThat(ch.isOpen()).isTrue();
        int frames = 0;
        for (ByteBuf plain; (plain = ch.readInbound()) != null; frames++) {
            plain.release();
        }
        assertThat(frames).isEqualTo(200);
        assertThat(transport.memoryUsed()).as("only the unfinished frame").isEqualTo(500);
        assertThatThrownBy(ch::finishAndReleaseAll).hasMessageContaining("ended in the middle of a frame");
    }

    @Test
    void aConnectionWhoseUnfinishedFrameDoesNotFitIsClosed() {
        ResourceScope connection = transport(manager(1 << 20, 1 << 20), 20_000);
        EmbeddedChannel ch = receiverIn(connection);
        byte[] wire = frame(40_000);
        ch.writeInbound(Unpooled.wrappedBuffer(wire, 0, 19_000));
        assertThat(ch.isOpen()).isTrue();
        assertThatThrownBy(() -> ch.writeInbound(Unpooled.wrappedBuffer(wire, 19_000, 2_000)))
                .isInstanceOf(NoiseException.class).hasMessageContaining("no memory left in transport");
        assertThat(ch.isOpen()).isFalse();
        assertThat(connection.memoryUsed()).isZero();
        ch.finishAndReleaseAll();
    }

    @Test
    void connectionsShareTheNodesBudget() {
        ResourceManager manager = manager(50_000, 40_000);
        EmbeddedChannel first = receiverIn(manager.newTransport("a"));
        EmbeddedChannel second = receiverIn(manager.newTransport("b"));
        byte[] wire = frame(60_000);
        first.writeInbound(Unpooled.wrappedBuffer(wire, 0, 30_000));
        assertThatThrownBy(() -> second.writeInbound(Unpooled.wrappedBuffer(wire, 0, 30_000)))
                .hasMessageContaining("no memory left in transport b");
        assertThat(first.isOpen()).isTrue();
        assertThat(second.isOpen()).as("30,000 more would take the node over 50,000").isFalse();
        assertThat(manager.node().memoryUsed()).isEqualTo(30_000);
        assertThatThrownBy(first::finishAndReleaseAll).hasMessageContaining("ended in the middle of a frame");
        assertThat(manager.node().memoryUsed()).as("a closed connection gives back what it held").isZero();
        second.finishAndReleaseAll();
    }

    @Test
    void anUnfinishedHandshakeMessageIsReservedToo() {
        ResourceManager manager = manager(1 << 20, 1 << 20);
        ResourceScope transport = manager.newTransport("a");
        EmbeddedChannel ch = new EmbeddedChannel(new NoiseHandshakeHandler(false,
                PrivateKey.generate(KeyType.ED25519, new SecureRandom()), Optional.empty(), Duration.ofSeconds(5)));
        ch.attr(ResourceScope.TRANSPORT_KEY).set(transport);
        ch.writeInbound(Unpooled.buffer().writeShort(1000).writeZero(500)); // half of a 1000-byte message
        assertThat(transport.memoryUsed()).isEqualTo(502);
        ch.close();
        assertThat(manager.node().memoryUsed()).as("given back when the connection goes").isZero();
    }
}
