package io.jdht.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdht.multiformats.InvalidMultiformatException;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class PeerIdTest {
    @Test
    void theSpecExamplesParseAndPrintBack() {
        PeerId sha = PeerId.parse("QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N");
        assertThat(sha.toString()).isEqualTo("QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N");
        assertThat(PeerId.parse("bafzbeie5745rpv2m6tjyuugywy4d5ewrqgqqhfnf445he3omzpjbx5xqxe")).isEqualTo(sha);
        PeerId ed = PeerId.parse("12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA");
        assertThat(ed.toString()).isEqualTo("12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA");
        assertThat(ed.extractPublicKey()).isPresent();
        assertThat(PeerId.parse(ed.toCidString())).isEqualTo(ed);
        assertThat(ed.toCidString()).startsWith("k51");
        assertThat(PeerId.fromBytes(ed.toBytes())).isEqualTo(ed);
    }

    @ParameterizedTest
    @EnumSource(KeyType.class)
    void everyKeyTypeRoundTrips(KeyType type) {
        PrivateKey key = PrivateKey.generate(type, new SecureRandom());
        assertThat(PrivateKey.unmarshal(key.marshal()).publicKey()).isEqualTo(key.publicKey());
        PeerId id = PeerId.fromPublicKey(key.publicKey());
        assertThat(PeerId.parse(id.toString())).isEqualTo(id);
        assertThat(PeerId.parse(id.toCidString())).isEqualTo(id);
        byte[] sig = key.sign(new byte[] {1, 2, 3});
        assertThat(key.publicKey().verify(new byte[] {1, 2, 3}, sig)).isTrue();
        assertThat(key.publicKey().verify(new byte[] {1, 2, 3}, new byte[0])).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Qm", "12D3KooW", "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy", "zzzz", "1111"})
    void rejectsNonPeerIds(String text) {
        assertThatThrownBy(() -> PeerId.parse(text)).isInstanceOf(InvalidMultiformatException.class);
    }

    @Test
    void malformedKeysGiveKeyFormatException() {
        assertThatThrownBy(() -> PublicKey.unmarshal(new byte[] {8, 1, 18, 3, 1, 2, 3}))
                .isInstanceOf(KeyFormatException.class).hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> PublicKey.unmarshal(new byte[] {8, 9, 18, 0}))
                .isInstanceOf(KeyFormatException.class);
        assertThatThrownBy(() -> PrivateKey.unmarshal(new byte[] {(byte) 0xff}))
                .isInstanceOf(KeyFormatException.class);
        assertThatThrownBy(() -> PublicKey.unmarshal(new byte[20000]))
                .isInstanceOf(KeyFormatException.class).hasMessageContaining("limit");
    }
}
