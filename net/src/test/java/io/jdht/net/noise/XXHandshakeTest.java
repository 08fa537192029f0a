package io.jdht.net.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The pure XX handshake: a published vector, agreement between two instances, and refusals. */
class XXHandshakeTest {
    private static final HexFormat HEX = HexFormat.of();

    private static byte[] hex(String s) {
        return HEX.parseHex(s);
    }

    /**
     * The Noise_XX_25519_ChaChaPoly_SHA256 vector of the cacophony test suite (shared by the Noise
     * implementations): fixed keys, the prologue "John Galt", three handshake messages with
     * payloads, then three transport messages, alternating sides.
     */
    @Test
    void matchesTheCacophonyVector() throws Exception {
        byte[] prologue = hex("4a6f686e2047616c74");
        XXHandshake i = new XXHandshake(true, prologue,
                X25519.fromPrivate(hex("e61ef9919cde45dd5f82166404bd08e38bceb5dfdfded0a34c8df7ed542214d1")),
                X25519.fromPrivate(hex("893e28b9dc6ca8d611ab664754b8ceb7bac5117349a4439a6b0569da977c464a")));
        XXHandshake r = new XXHandshake(false, prologue,
                X25519.fromPrivate(hex("4a3acbfdb163dec651dfa3194dece676d437029c62a408b4c5ea9114246e4893")),
                X25519.fromPrivate(hex("bbdb4cdbd309f1a1f2e1456967fe288cadd6f712d65dc7b7793d5e63da6b375b")));

        byte[] p0 = hex("4c756477696720766f6e204d69736573");
        byte[] m0 = i.writeMessage(p0);
        assertThat(HEX.formatHex(m0)).isEqualTo(
                "ca35def5ae56cec33dc2036731ab14896bc4c75dbb07a61f879f8e3afa4c79444c756477696720766f6e204d69736573");
        assertThat(r.readMessage(m0)).isEqualTo(p0);

        byte[] p1 = hex("4d757272617920526f746862617264");
        byte[] m1 = r.writeMessage(p1);
        assertThat(HEX.formatHex(m1)).isEqualTo("95ebc60d2b1fa672c1f46a8aa265ef51bfe38e7ccb39ec5be34069f14480884381cb"
                + "ad1f276e038c48378ffce2b65285e08d6b68aaa3629a5a8639392490e5b9bd5269c2f1e4f488ed8831161f19b7815528f8"
                + "982ffe09be9b5c412f8a0db50f8814c7194e83f23dbd8d162c9326ad");
        assertThat(i.readMessage(m1)).isEqualTo(p1);

        byte[] p2 = hex("462e20412e20486179656b");
        byte[] m2 = i.writeMessage(p2);
        assertThat(HEX.formatHex(m2)).isEqualTo("c7195ffacac1307ff99046f219750fc47693e23c3cb08b89c2af808b444850a80ae4"
                + "75b9df0f169ae80a89be0865b57f58c9fea0d4ec82a286427402f113e4b6ae769a1d95941d49b25030");
        assertThat(r.readMessage(m2)).isEqualTo(p2);

        assertThat(HEX.formatHex(i.handshakeHash()))
                .isEqualTo("c8e5f64e846193be2a834104c2a009868d6c9f3bd3c186299888b488b2f1f58e");
        assertThat(r.handshakeHash()).isEqualTo(i.handshakeHash());

        CipherState[] ik = i.split(); // [send, receive]
        CipherState[] rk = r.split();
        transport(rk[0], ik[1], "4361726c204d656e676572", "96763ed773f8e47bb3712f0e29b3060ffc956ffc146cee53d5e1df");
        transport(ik[0], rk[1], "4a65616e2d426170746973746520536179",
                "3e40f15f6f3a46ae446b253bf8b1d9ffb6ed9b174d272328ff91a7e2e5c79c07f5");
        transport(rk[0], ik[1], "457567656e2042f6686d20766f6e2042617765726b",
                "eb3f3515110702e047a6c9da4478b6ead94873c11c0f2d710ddb3f09fce024b3a58502ae3f");
    }

    private static void transport(CipherState send, CipherState receive, String payload, String ciphertext)
            throws NoiseException {
        assertThat(HEX.formatHex(send.encrypt(new byte[0], hex(payload)))).isEqualTo(ciphertext);
        assertThat(receive.decrypt(new byte[0], hex(ciphertext))).isEqualTo(hex(payload));
    }

    @Test
    void twoInstancesAgreeOnKeysAndStaticKeys() throws Exception {
        Random rnd = new Random(1);
        XXHandshake i = XXHandshake.create(true, rnd);
        XXHandshake r = XXHandshake.create(false, rnd);
        assertThat(r.readMessage(i.writeMessage(new byte[0]))).isEmpty();
        assertThat(i.readMessage(r.writeMessage("from responder".getBytes()))).isEqualTo("from responder".getBytes());
        assertThat(i.isComplete()).isFalse();
        assertThat(r.readMessage(i.writeMessage("from initiator".getBytes()))).isEqualTo("from initiator".getBytes());
        assertThat(i.isComplete()).isTrue();
        assertThat(r.isComplete()).isTrue();
        assertThat(i.remoteStaticPublicKey()).isEqualTo(r.localStaticPublicKey());
        assertThat(r.remoteStaticPublicKey()).isEqualTo(i.localStaticPublicKey());
        assertThat(i.handshakeHash()).isEqualTo(r.handshakeHash());

        CipherState[] ik = i.split();
        CipherState[] rk = r.split();
        for (int n = 0; n < 3; n++) { // several messages each way: the counters stay in step
            byte[] ct = ik[0].encrypt(new byte[0], ("secret " + n).getBytes());
            assertThat(rk[1].decrypt(new byte[0], ct)).isEqualTo(("secret " + n).getBytes());
            byte[] back = rk[0].encrypt(new byte[0], ("reply " + n).getBytes());
            assertThat(ik[1].decrypt(new byte[0], back)).isEqualTo(("reply " + n).getBytes());
        }
        // the two directions use different keys: a message cannot be reflected back to its sender
        byte[] reflected = ik[0].encrypt(new byte[0], "mine".getBytes());
        assertThatThrownBy(() -> ik[1].decrypt(new byte[0], reflected)).isInstanceOf(NoiseException.class);
    }

    @Test
    void sameKeysGiveTheSameHandshake() throws Exception {
        byte[][] first = run(new Random(42));
        byte[][] second = run(new Random(42));
        byte[][] other = run(new Random(43));
        for (int n = 0; n < 3; n++) {
            assertThat(first[n]).isEqualTo(second[n]);
            assertThat(first[n]).isNotEqualTo(other[n]);
        }
    }

    private static byte[][] run(Random rnd) throws NoiseException {
        XXHandshake i = XXHandshake.create(true, rnd);
        XXHandshake r = XXHandshake.create(false, rnd);
        byte[] m0 = i.writeMessage(new byte[0]);
        r.readMessage(m0);
        byte[] m1 = r.writeMessage(new byte[] {1});
        i.readMessage(m1);
        byte[] m2 = i.writeMessage(new byte[] {2});
        r.readMessage(m2);
        return new byte[][] {m0, m1, m2};
    }

    @Test
    void tamperedOrShortMessagesFail() throws Exception {
        Random rnd = new Random(2);
        XXHandshake i = XXHandshake.create(true, rnd);
        XXHandshake r = XXHandshake.create(false, rnd);
        r.readMessage(i.writeMessage(new byte[0]));
        byte[] m1 = r.writeMessage(new byte[] {1, 2, 3});
        m1[40] ^= 1; // inside the encrypted static key
        assertThatThrownBy(() -> i.readMessage(m1)).isInstanceOf(NoiseException.class).hasMessageContaining("MAC");
        assertThatThrownBy(() -> XXHandshake.create(false, rnd).readMessage(new byte[5]))
                .isInstanceOf(NoiseException.class)
                .hasMessageContaining("message 1 is 5 bytes");
    }

    @Test
    void differentProloguesFailAtMessageTwo() throws Exception {
        Random rnd = new Random(3);
        XXHandshake i = new XXHandshake(true, "a".getBytes(), X25519.generate(rnd), X25519.generate(rnd));
        XXHandshake r = new XXHandshake(false, "b".getBytes(), X25519.generate(rnd), X25519.generate(rnd));
        r.readMessage(i.writeMessage(new byte[0])); // message 1 is not encrypted, so it still passes
        byte[] m1 = r.writeMessage(new byte[0]);
        assertThatThrownBy(() -> i.readMessage(m1)).isInstanceOf(NoiseException.class).hasMessageContaining("MAC");
    }

    @Test
    void aLowOrderEphemeralKeyIsRefused() throws Exception {
        XXHandshake i = XXHandshake.create(true, new Random(4));
        i.writeMessage(new byte[0]);
        byte[] m1 = new byte[32 + 48 + 16]; // responder "ephemeral key" 0: the ee DH would be all zeros
        assertThatThrownBy(() -> i.readMessage(m1))
                .isInstanceOf(NoiseException.class)
                .hasMessageContaining("Diffie-Hellman failed");
    }

    @Test
    void outOfTurnCallsAreProgrammingErrors() {
        XXHandshake r = XXHandshake.create(false, new Random(5));
        assertThatThrownBy(() -> r.writeMessage(new byte[0])).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(r::remoteStaticPublicKey).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(r::split).isInstanceOf(IllegalStateException.class);
    }
}
