package io.jdht.multiformats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class MultihashTest {
    private static final Map<String, Integer> CODES = Map.of(
            "sha1", Multicodec.SHA1, "sha2-256", Multicodec.SHA2_256, "sha2-512", Multicodec.SHA2_512,
            "sha3", Multicodec.SHA3_512);

    static Stream<String> vectors() {
        return TestData.lines("multihash/test_cases.csv").stream().skip(1).filter(l -> !l.isBlank());
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void matchesTheVector(String line) {
        String[] f = line.split(",");
        int code = CODES.get(f[0]);
        byte[] input = f[2].getBytes(java.nio.charset.StandardCharsets.UTF_8); // the vectors hash the text itself
        Multihash mh = Multihash.digest(code, Integer.parseInt(f[1]), input);
        assertThat(mh.toHex()).isEqualTo(f[3]);
        Multihash decoded = Multihash.decode(HexFormat.of().parseHex(f[3]));
        assertThat(decoded).isEqualTo(mh);
        assertThat(decoded.matches(input)).isTrue();
    }

    /** The FIPS 180/202 digests of "abc", for the functions the shared vectors do not cover. */
    @ParameterizedTest
    @CsvSource({
        "sha2-256, ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        "sha3-224, e642824c3f8cf24ad09234ee7d3c766fc9a3a5168d0c94ad73b46fdf",
        "sha3-256, 3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532",
        "sha3-384, ec01498288516fc926459f58e2c6ad8df9b473cb0fc08c2596da7cf0e49be4b298d88cea927ac7f539f1edf228376d25",
        "sha3-512, b751850b1a57168a5693cd924b6b096e08f621827444f70d884f5d0240d2712e10e116e9192af3c91a7ec57647e3934057340b4cf408d5a56592f8274eec53f0"
    })
    void hashesAbcWithEveryFunction(String name, String hex) {
        int code = Multicodec.code(name).orElseThrow().intValue();
        Multihash mh = Multihash.digest(code, "abc".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(HexFormat.of().formatHex(mh.digest())).isEqualTo(hex);
        byte[] expected = HexFormat.of().parseHex(Integer.toHexString(code) + Integer.toHexString(hex.length() / 2) + hex);
        assertThat(mh.toBytes()).isEqualTo(expected);
        assertThat(Multicodec.name(code)).contains(name);
    }

    @Test
    void multibyteCodesAndReadAdvancesPastOneMultihash() {
        Multihash sha224 = Multihash.digest(Multicodec.SHA2_224, new byte[0]);
        assertThat(sha224.toHex()).startsWith("93201c"); // 0x1013 is the varint 93 20, then length 0x1c
        java.nio.ByteBuffer two = java.nio.ByteBuffer.allocate(100);
        two.put(sha224.toBytes()).put(Multihash.identity(new byte[] {9}).toBytes()).flip();
        assertThat(Multihash.read(two)).isEqualTo(sha224);
        assertThat(Multihash.read(two)).isEqualTo(Multihash.identity(new byte[] {9}));
        assertThat(two.hasRemaining()).isFalse();
    }

    @Test
    void digestArgumentsAreChecked() {
        byte[] data = {1, 2, 3};
        assertThatThrownBy(() -> Multihash.digest(Multicodec.SHA2_256, 12, data)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Multihash.digest(Multicodec.SHA2_256, 264, data)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Multihash.digest(0x1e, data)).hasMessageContaining("not supported"); // blake3
        assertThat(Multihash.digest(Multicodec.IDENTITY, data)).isEqualTo(Multihash.identity(data));
        assertThat(Multihash.sha2_256(data).matches(data)).isTrue();
        assertThat(Multihash.sha2_256(data).matches(new byte[] {1, 2})).isFalse();
    }

    @Test
    void isAValueWithCopiedDigest() {
        byte[] digest = {1, 2, 3};
        Multihash a = Multihash.of(Multicodec.SHA1, digest);
        digest[0] = 9;
        assertThat(a.digest()[0]).isEqualTo((byte) 1);
        a.digest()[1] = 9;
        assertThat(a).isEqualTo(Multihash.of(Multicodec.SHA1, new byte[] {1, 2, 3}))
                .hasSameHashCodeAs(Multihash.of(Multicodec.SHA1, new byte[] {1, 2, 3}))
                .isNotEqualTo(Multihash.of(Multicodec.SHA2_256, new byte[] {1, 2, 3}));
        assertThat(a.toString()).isEqualTo(a.toBase58());
    }

    @Test
    void identityAndBase58() {
        Multihash id = Multihash.identity(new byte[] {1, 2, 3});
        assertThat(id.toHex()).isEqualTo("0003010203");
        assertThat(Multihash.fromBase58(id.toBase58())).isEqualTo(id);
        Multihash sha = Multihash.sha2_256("hello".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(sha.toBase58()).startsWith("Qm").hasSize(46);
    }

    @Test
    void rejectsTruncatedTrailingAndOversizedInput() {
        assertThatThrownBy(() -> Multihash.decode(HexFormat.of().parseHex("1220ab")))
                .isInstanceOf(InvalidMultiformatException.class).hasMessageContaining("truncated");
        assertThatThrownBy(() -> Multihash.decode(HexFormat.of().parseHex("000100ff")))
                .hasMessageContaining("unexpected byte");
        assertThatThrownBy(() -> Multihash.decode(HexFormat.of().parseHex("00ff01")))
                .hasMessageContaining("exceeds the limit");
        assertThatThrownBy(() -> Multihash.identity(new byte[Multihash.MAX_DIGEST_LENGTH + 1]))
                .isInstanceOf(InvalidMultiformatException.class);
        assertThat(Multihash.identity(new byte[Multihash.MAX_DIGEST_LENGTH]).digest()).hasSize(128);
        assertThatThrownBy(() -> Multihash.decode(new byte[0])).hasMessageContaining("truncated");
        // a code beyond the int range
        assertThatThrownBy(() -> Multihash.decode(HexFormat.of().parseHex("ffffffff7f00")))
                .hasMessageContaining("out of range");
    }
}
