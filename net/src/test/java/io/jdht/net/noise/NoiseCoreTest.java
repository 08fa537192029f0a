package io.jdht.net.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NoiseCoreTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void x25519MatchesRfc7748() {
        byte[] alice = HEX.parseHex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
        byte[] bob = HEX.parseHex("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb");
        assertThat(HEX.formatHex(X25519.fromPrivate(alice).publicKey()))
                .isEqualTo("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
        byte[] bobPublic = X25519.fromPrivate(bob).publicKey();
        assertThat(HEX.formatHex(bobPublic)).isEqualTo("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");
        assertThat(HEX.formatHex(X25519.agree(alice, bobPublic)))
                .isEqualTo("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742");
    }

    @Test
    void x25519RefusesLowOrderPoints() {
        byte[] priv = new byte[32];
        priv[0] = 1;
        assertThatThrownBy(() -> X25519.agree(priv, new byte[32])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void hkdfMatchesRfc5869Case1FirstBlock() {
        // Noise's HKDF is RFC 5869 with the chaining key as salt and outputs of one hash length each.
        byte[] salt = HEX.parseHex("000102030405060708090a0b0c");
        byte[] ikm = HEX.parseHex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b");
        byte[][] out = SymmetricState.hkdf(salt, ikm);
        byte[] prk = SymmetricState.hmac(salt, ikm);
        assertThat(HEX.formatHex(prk)).isEqualTo("077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5");
        assertThat(out[0]).isEqualTo(SymmetricState.hmac(prk, new byte[] {1}));
    }

    @Test
    void xxHandshakeAgreesOnKeysAndStaticKeys() throws Exception {
        Random rnd = new Random(1);
        XXHandshake i = XXHandshake.create(true, rnd);
        XXHandshake r = XXHandshake.create(false, rnd);
        r.readMessage(i.writeMessage(new byte[0]));
        assertThat(i.readMessage(r.writeMessage("from responder".getBytes()))).isEqualTo("from responder".getBytes());
        assertThat(r.readMessage(i.writeMessage("from initiator".getBytes()))).isEqualTo("from initiator".getBytes());
        assertThat(i.isComplete()).isTrue();
        assertThat(r.isComplete()).isTrue();
        assertThat(i.remoteStaticPublicKey()).isEqualTo(r.localStaticPublicKey());
        assertThat(r.remoteStaticPublicKey()).isEqualTo(i.localStaticPublicKey());
        assertThat(i.handshakeHash()).isEqualTo(r.handshakeHash());
        CipherState[] ik = i.split();
        CipherState[] rk = r.split();
        byte[] ct = ik[0].encrypt(new byte[0], "secret".getBytes());
        assertThat(rk[1].decrypt(new byte[0], ct)).isEqualTo("secret".getBytes());
        byte[] back = rk[0].encrypt(new byte[0], "reply".getBytes());
        assertThat(ik[1].decrypt(new byte[0], back)).isEqualTo("reply".getBytes());
    }

    @Test
    void tamperedHandshakeMessageFailsAuthentication() throws Exception {
        Random rnd = new Random(2);
        XXHandshake i = XXHandshake.create(true, rnd);
        XXHandshake r = XXHandshake.create(false, rnd);
        r.readMessage(i.writeMessage(new byte[0]));
        byte[] m2 = r.writeMessage(new byte[] {1, 2, 3});
        m2[40] ^= 1; // inside the encrypted static key
        assertThatThrownBy(() -> i.readMessage(m2)).isInstanceOf(NoiseException.class).hasMessageContaining("MAC");
        assertThatThrownBy(() -> XXHandshake.create(false, rnd).readMessage(new byte[5]))
                .isInstanceOf(NoiseException.class).hasMessageContaining("shorter");
    }

    @Test
    void cipherStateNoncesAdvanceSoReplaysFail() throws Exception {
        byte[] key = new byte[32];
        CipherState send = new CipherState(key);
        CipherState recv = new CipherState(key);
        byte[] first = send.encrypt(new byte[0], "one".getBytes());
        byte[] second = send.encrypt(new byte[0], "one".getBytes());
        assertThat(first).isNotEqualTo(second);
        assertThat(recv.decrypt(new byte[0], first)).isEqualTo("one".getBytes());
        assertThatThrownBy(() -> recv.decrypt(new byte[0], first)).isInstanceOf(NoiseException.class);
    }
}
