package io.jdht.multiformats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
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
    }
}
