package io.jdht.net.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.Random;
import javax.crypto.KDF;
import javax.crypto.spec.HKDFParameterSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Known-answer tests for the three primitives under Noise: X25519, ChaCha20-Poly1305, HKDF-SHA256. */
class NoisePrimitivesTest {
    private static final HexFormat HEX = HexFormat.of();

    private static byte[] hex(String s) {
        return HEX.parseHex(s);
    }

    // ---- X25519 (RFC 7748) ----

    @Test
    void x25519MatchesRfc7748DiffieHellmanVector() {
        byte[] alice = hex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
        byte[] bob = hex("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb");
        assertThat(HEX.formatHex(X25519.fromPrivate(alice).publicKey()))
                .isEqualTo("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
        byte[] bobPublic = X25519.fromPrivate(bob).publicKey();
        assertThat(HEX.formatHex(bobPublic)).isEqualTo("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");
        String shared = "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742";
        assertThat(HEX.formatHex(X25519.agree(alice, bobPublic))).isEqualTo(shared);
        assertThat(HEX.formatHex(X25519.agree(bob, X25519.fromPrivate(alice).publicKey()))).isEqualTo(shared);
    }

    @Test
    void x25519ClampsTheScalarAndMasksTheTopBitOfU() {
        // RFC 7748 section 5.2: unclamped scalars; the second u has its top bit set, which must be ignored
        assertThat(HEX.formatHex(X25519.agree(
                        hex("a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4"),
                        hex("e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c"))))
                .isEqualTo("c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552");
        assertThat(HEX.formatHex(X25519.agree(
                        hex("4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d"),
                        hex("e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493"))))
                .isEqualTo("95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957");
    }

    @Test
    void x25519ReducesNonCanonicalCoordinates() {
        byte[] alice = hex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
        // p + 9 = 2^255 - 10, little-endian: the base point written non-canonically
        byte[] pPlus9 = hex("f6ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f");
        assertThat(X25519.agree(alice, pPlus9)).isEqualTo(X25519.fromPrivate(alice).publicKey());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "0000000000000000000000000000000000000000000000000000000000000000", // 0
        "0100000000000000000000000000000000000000000000000000000000000000", // 1
        "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800", // order 8
        "5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157", // order 8
        "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", // p - 1
        "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", // p, i.e. 0
        "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", // p + 1, i.e. 1
    })
    void x25519RefusesLowOrderPoints(String point) {
        byte[] priv = X25519.generate(new Random(1)).privateKey();
        assertThatThrownBy(() -> X25519.agree(priv, hex(point)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("X25519");
    }

    @Test
    void x25519RefusesKeysOfTheWrongLength() {
        assertThatThrownBy(() -> X25519.agree(new byte[32], new byte[31]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("32 bytes");
    }

    // ---- ChaCha20-Poly1305 (RFC 8439) with Noise's nonce layout ----

    @Test
    void cipherStateMatchesRfc8439AeadVector() throws Exception {
        // RFC 8439 appendix A.5. Its nonce 00000000 0102030405060708 is Noise's layout (4 zero bytes,
        // then a little-endian counter) for the counter 0x0807060504030201.
        byte[] key = hex("1c9240a5eb55d38af333888604f6b5f0473917c1402b80099dca5cbc207075c0");
        byte[] ad = hex("f33388860000000000004e91");
        byte[] plaintext = hex("496e7465726e65742d4472616674732061726520647261667420646f63756d656e74732076616c6964"
                + "20666f722061206d6178696d756d206f6620736978206d6f6e74687320616e64206d617920626520757064617465642c"
                + "207265706c616365642c206f72206f62736f6c65746564206279206f7468657220646f63756d656e747320617420616e"
                + "792074696d652e20497420697320696e617070726f70726961746520746f2075736520496e7465726e65742d44726166"
                + "7473206173207265666572656e6365206d6174657269616c206f7220746f2063697465207468656d206f746865722074"
                + "68616e206173202fe2809c776f726b20696e2070726f67726573732e2fe2809d");
        String ciphertext = "64a0861575861af460f062c79be643bd5e805cfd345cf389f108670ac76c8cb24c6cfc18755d43eea09ee94e"
                + "382d26b0bdb7b73c321b0100d4f03b7f355894cf332f830e710b97ce98c8a84abd0b948114ad176e008d33bd60f982b1ff"
                + "37c8559797a06ef4f0ef61c186324e2b3506383606907b6a7c02b0f9f6157b53c867e4b9166c767b804d46a59b5216cde7"
                + "a4e99040c5a40433225ee282a1b0a06c523eaf4534d7f83fa1155b0047718cbc546a0d072b04b3564eea1b422273f54827"
                + "1a0bb2316053fa76991955ebd63159434ecebb4e466dae5a1073a6727627097a1049e617d91d361094fa68f0ff7798713030"
                + "5beaba2eda04df997b714d6c6f2c29a6ad5cb4022b02709b";
        String tag = "eead9d67890cbb22392336fea1851f38";

        CipherState sealer = new CipherState(key);
        sealer.setNonce(0x0807060504030201L);
        assertThat(HEX.formatHex(sealer.encrypt(ad, plaintext))).isEqualTo(ciphertext + tag);
        assertThat(sealer.nonce()).isEqualTo(0x0807060504030202L);

        CipherState opener = new CipherState(key);
        opener.setNonce(0x0807060504030201L);
        assertThat(opener.decrypt(ad, hex(ciphertext + tag))).isEqualTo(plaintext);
    }

    @Test
    void cipherStateRefusesTheReservedNonce() throws Exception {
        CipherState send = new CipherState(new byte[32]);
        CipherState receive = new CipherState(new byte[32]);
        send.setNonce(-2L); // 2^64 - 2: the last usable nonce
        receive.setNonce(-2L);
        byte[] last = send.encrypt(new byte[0], "last".getBytes());
        assertThat(receive.decrypt(new byte[0], last)).isEqualTo("last".getBytes());
        assertThatThrownBy(() -> send.encrypt(new byte[0], "one more".getBytes()))
                .isInstanceOf(NoiseException.class)
                .hasMessageContaining("nonce exhausted");
        assertThatThrownBy(() -> receive.decrypt(new byte[0], last))
                .isInstanceOf(NoiseException.class)
                .hasMessageContaining("nonce exhausted");
    }

    @Test
    void nonceAdvancesPerMessageAndNotOnAFailedDecryption() throws Exception {
        CipherState send = new CipherState(new byte[32]);
        CipherState receive = new CipherState(new byte[32]);
        byte[] first = send.encrypt(new byte[0], "one".getBytes());
        byte[] second = send.encrypt(new byte[0], "one".getBytes());
        assertThat(first).isNotEqualTo(second); // same plaintext, different nonce

        byte[] tampered = first.clone();
        tampered[0] ^= 1;
        assertThatThrownBy(() -> receive.decrypt(new byte[0], tampered))
                .isInstanceOf(NoiseException.class)
                .hasMessageContaining("bad MAC");
        assertThat(receive.nonce()).isZero();
        assertThat(receive.decrypt(new byte[0], first)).isEqualTo("one".getBytes());
        assertThatThrownBy(() -> receive.decrypt(new byte[0], first)).isInstanceOf(NoiseException.class); // replay
        assertThatThrownBy(() -> receive.decrypt(new byte[0], new byte[15]))
                .isInstanceOf(NoiseException.class)
                .hasMessageContaining("shorter than its 16-byte tag");
    }

    // ---- HKDF as Noise defines it (RFC 5869 with empty info, two 32-byte outputs) ----

    @Test
    void hkdfMatchesRfc5869TestCase3() {
        // Test case 3 has an empty salt; HMAC pads keys with zeros, so 32 zero bytes are the same key.
        byte[][] out = SymmetricState.hkdf(new byte[32], hex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b"));
        String okm = "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8";
        assertThat(HEX.formatHex(out[0])).isEqualTo(okm.substring(0, 64));
        assertThat(HEX.formatHex(out[1])).startsWith(okm.substring(64));
    }

    @Test
    void hkdfAgreesWithTheJdkKdf() throws Exception {
        Random rnd = new Random(7);
        KDF jdk = KDF.getInstance("HKDF-SHA256");
        for (int i = 0; i < 20; i++) {
            byte[] chainingKey = new byte[32];
            byte[] ikm = new byte[1 + rnd.nextInt(64)];
            rnd.nextBytes(chainingKey);
            rnd.nextBytes(ikm);
            byte[] expected = jdk.deriveData(HKDFParameterSpec.ofExtract()
                    .addSalt(chainingKey).addIKM(ikm).thenExpand(new byte[0], 64));
            byte[][] out = SymmetricState.hkdf(chainingKey, ikm);
            assertThat(out[0]).isEqualTo(java.util.Arrays.copyOf(expected, 32));
            assertThat(out[1]).isEqualTo(java.util.Arrays.copyOfRange(expected, 32, 64));
        }
    }
}
