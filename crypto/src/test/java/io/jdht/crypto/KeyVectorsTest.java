package io.jdht.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The key test vectors of the peer id spec (libp2p/specs {@code peer-ids.md}, "Test vectors"), copied
 * into {@code src/test/resources/vectors/peer-id-keys.csv}.
 */
class KeyVectorsTest {
    private static final Map<String, byte[]> VECTORS = new LinkedHashMap<>();

    @BeforeAll
    static void readVectors() throws IOException {
        // src/test/resources/vectors/peer-id-keys.csv: the table of the peer id spec, one "name,hex" a line
        try (InputStream in = KeyVectorsTest.class.getResourceAsStream("/vectors/peer-id-keys.csv")) {
            assertThat(in).as("/vectors/peer-id-keys.csv on the test classpath").isNotNull();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] cells = line.split(",", 2);
                VECTORS.put(cells[0].trim(), HexFormat.of().parseHex(cells[1].trim()));
            }
        }
        assertThat(VECTORS).containsKeys("ed25519 private key", "ed25519 public key", "secp256k1 private key",
                "secp256k1 public key", "ecdsa private key", "ecdsa public key", "rsa private key", "rsa public key");
    }

    private void check(String type, KeyType expected) {
        byte[] privBytes = VECTORS.get(type + " private key");
        byte[] pubBytes = VECTORS.get(type + " public key");
        PrivateKey priv = PrivateKey.unmarshal(privBytes);
        PublicKey pub = PublicKey.unmarshal(pubBytes);
        assertThat(priv.type()).isEqualTo(expected);
        assertThat(pub.type()).isEqualTo(expected);
        // the public key is derived from the private key, and both re-encode byte for byte
        assertThat(priv.publicKey().marshal()).isEqualTo(pubBytes);
        assertThat(pub.marshal()).isEqualTo(pubBytes);
        assertThat(priv.marshal()).isEqualTo(privBytes);
        byte[] message = "libp2p test vector".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] sig = priv.sign(message);
        assertThat(pub.verify(message, sig)).isTrue();
        assertThat(pub.verify("tampered".getBytes(java.nio.charset.StandardCharsets.UTF_8), sig)).isFalse();
        byte[] badSig = sig.clone();
        badSig[badSig.length / 2] ^= 1;
        assertThat(pub.verify(message, badSig)).isFalse();
        assertThat(PeerId.fromPublicKey(pub).matches(priv.publicKey())).isTrue();
    }

    @Test
    void ed25519() {
        check("ed25519", KeyType.ED25519);
    }

    @Test
    void secp256k1() {
        check("secp256k1", KeyType.SECP256K1);
    }

    @Test
    void ecdsa() {
        check("ecdsa", KeyType.ECDSA);
    }

    @Test
    void rsa() {
        check("rsa", KeyType.RSA);
    }

    @Test
    void shortKeysAreInlinedLongOnesHashed() {
        PeerId ed = PeerId.fromPublicKey(PublicKey.unmarshal(VECTORS.get("ed25519 public key")));
        assertThat(ed.toBase58()).startsWith("12D3KooW");
        assertThat(ed.extractPublicKey()).contains(PublicKey.unmarshal(VECTORS.get("ed25519 public key")));
        PeerId rsa = PeerId.fromPublicKey(PublicKey.unmarshal(VECTORS.get("rsa public key")));
        assertThat(rsa.toBase58()).startsWith("Qm");
        assertThat(rsa.extractPublicKey()).isEmpty();
        PeerId secp = PeerId.fromPublicKey(PublicKey.unmarshal(VECTORS.get("secp256k1 public key")));
        assertThat(secp.toBase58()).startsWith("16Uiu2");
    }
}
