package io.jdht.kad.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdht.crypto.Ed25519PrivateKey;
import io.jdht.crypto.KeyType;
import io.jdht.crypto.PeerId;
import io.jdht.crypto.PrivateKey;
import io.jdht.crypto.PublicKey;
import io.jdht.multiformats.Multicodec;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class PublicKeyValidatorTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final PublicKey ED25519 = Ed25519PrivateKey.fromSeed(new byte[32]).publicKey();

    private final PublicKeyValidator validator = new PublicKeyValidator();

    @Test
    void acceptsTheKeyOfAnInlinedPeerId() throws Exception {
        PeerId peer = PeerId.fromPublicKey(ED25519);
        assertThat(peer.multihash().code()).isEqualTo(Multicodec.IDENTITY);
        byte[] key = PublicKeyValidator.routingKey(peer);
        assertThat(new String(key, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("/pk/");
        validator.validate(key, ED25519.marshal(), NOW);
    }

    @Test
    void acceptsTheKeyOfAHashedPeerId() throws Exception {
        PublicKey rsa = PrivateKey.generate(KeyType.RSA, new SecureRandom()).publicKey();
        PeerId peer = PeerId.fromPublicKey(rsa);
        assertThat(peer.multihash().code()).isEqualTo(Multicodec.SHA2_256);
        validator.validate(PublicKeyValidator.routingKey(peer), rsa.marshal(), NOW);
        assertThatThrownBy(() -> validator.validate(PublicKeyValidator.routingKey(peer), ED25519.marshal(), NOW))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("not the key of peer");
    }

    @Test
    void rejectsAnotherPeersKey() {
        PublicKey other = Ed25519PrivateKey.fromSeed(filled(9)).publicKey();
        byte[] key = PublicKeyValidator.routingKey(PeerId.fromPublicKey(ED25519));
        assertThatThrownBy(() -> validator.validate(key, other.marshal(), NOW))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("not the key of peer");
    }

    @Test
    void rejectsValuesThatAreNotKeys() {
        byte[] key = PublicKeyValidator.routingKey(PeerId.fromPublicKey(ED25519));
        for (byte[] bad : List.of(new byte[0], new byte[] {8, 1, 18, 3, 1, 2, 3}, new byte[] {8, 9, 18, 0}, new byte[20_000])) {
            assertThatThrownBy(() -> validator.validate(key, bad, NOW))
                    .isInstanceOf(InvalidRecordException.class)
                    .hasMessageContaining("not a public key");
        }
    }

    @Test
    void rejectsKeysThatAreNotPkKeys() {
        byte[] value = ED25519.marshal();
        byte[] peer = PeerId.fromPublicKey(ED25519).toBytes();
        for (byte[] bad : List.of("/pk/".getBytes(StandardCharsets.US_ASCII), concat("/ipns/", peer), concat("/pk/", new byte[] {0x12, 0x20}),
                concat("/pk/", Arrays.copyOf(peer, peer.length + 1)))) {
            assertThatThrownBy(() -> validator.validate(bad, value, NOW)).isInstanceOf(InvalidRecordException.class);
        }
    }

    @Test
    void selectKeepsTheFirst() {
        byte[] key = PublicKeyValidator.routingKey(PeerId.fromPublicKey(ED25519));
        assertThat(validator.select(key, List.of(ED25519.marshal(), ED25519.marshal()))).isZero();
        assertThatThrownBy(() -> validator.select(key, List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    private static byte[] filled(int b) {
        byte[] bytes = new byte[32];
        Arrays.fill(bytes, (byte) b);
        return bytes;
    }

    private static byte[] concat(String prefix, byte[] rest) {
        return IpnsVectorsTest.concat(prefix.getBytes(StandardCharsets.US_ASCII), rest);
    }
}
