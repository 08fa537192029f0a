package io.jdht.net.noise;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The transport frame coders on the paths real connections take: plaintext written as many
 * buffers of every kind (heap, off-heap, read-only, composite) is sealed without being gathered
 * first, and ciphertext that arrives off-heap in pieces that do not line up with frames is
 * gathered and opened in place. Both must give exactly what a one-shot seal or open gives.
 */
class NoiseFramesTest {
    private static final byte[] KEY = new byte[32];

    static {
        Arrays.fill(KEY, (byte) 7);
    }

    /** Writes {@code parts} (then flushes) and returns the wire bytes. */
    private static byte[] seal(ByteBuf... parts) {
        EmbeddedChannel sender = new EmbeddedChannel(new NoiseFrameEncoder(new CipherState(KEY)));
        for (ByteBuf p : parts) {
            sender.write(p);
        }
        sender.flush();
        ByteBuf all = Unpooled.buffer();
        for (Object o; (o = sender.readOutbound()) != null; ) {
            all.writeBytes((ByteBuf) o);
            ((ByteBuf) o).release();
        }
        sender.finishAndReleaseAll();
        byte[] out = new byte[all.readableBytes()];
        all.readBytes(out);
        return out;
    }

    /** Feeds {@code wire} off-heap in pieces of the given sizes (cycled) and returns the plaintext. */
    private static byte[] open(byte[] wire, int... pieceSizes) {
        EmbeddedChannel receiver = new EmbeddedChannel(new NoiseFrameDecoder(new CipherState(KEY)));
        int at = 0;
        for (int i = 0; at < wire.length; i++) {
            int n = Math.min(pieceSizes[i % pieceSizes.length], wire.length - at);
            ByteBuf direct = Unpooled.directBuffer(n).writeBytes(wire, at, n);
            receiver.writeInbound(direct);
            at += n;
        }
        ByteBuf all = Unpooled.buffer();
        for (Object o; (o = receiver.readInbound()) != null; ) {
            all.writeBytes((ByteBuf) o);
            ((ByteBuf) o).release();
        }
        assertThat(receiver.isOpen()).isTrue();
        receiver.finishAndReleaseAll();
        byte[] out = new byte[all.readableBytes()];
        all.readBytes(out);
        return out;
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void piecesOfEveryKindAreSealedAsIfTheyWereOneBuffer() {
        byte[] a = random(12, 1);
        byte[] b = random(40_000, 2);
        byte[] c = random(70_000, 3); // makes the plaintext cross a frame boundary
        byte[] d = random(5, 4);
        byte[] all = new byte[a.length + b.length + c.length + d.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        System.arraycopy(c, 0, all, a.length + b.length, c.length);
        System.arraycopy(d, 0, all, a.length + b.length + c.length, d.length);

        CompositeByteBuf composite = Unpooled.compositeBuffer();
        composite.addComponent(true, Unpooled.wrappedBuffer(Arrays.copyOfRange(c, 0, 30_000)));
        composite.addComponent(true, Unpooled.directBuffer().writeBytes(c, 30_000, c.length - 30_000));
        byte[] pieces = seal(
                Unpooled.wrappedBuffer(a),
                Unpooled.directBuffer().writeBytes(b),
                composite,
                Unpooled.wrappedBuffer(d).asReadOnly());
        byte[] oneBuffer = seal(Unpooled.wrappedBuffer(all));

        assertThat(pieces).isEqualTo(oneBuffer);
        assertThat(open(pieces, 1 << 20)).isEqualTo(all);
    }

    @Test
    void offHeapReadsThatSplitFramesAnywhereAreOpened() {
        byte[] plain = random(300_000, 5);
        byte[] wire = seal(Unpooled.wrappedBuffer(plain));
        for (int[] sizes : new int[][] {{1}, {7, 65_536}, {65_537}, {3, 100_000, 2}, {wire.length}}) {
            assertThat(open(wire, sizes)).as("pieces %s", Arrays.toString(sizes)).isEqualTo(plain);
        }
    }
}
