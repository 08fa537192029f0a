package io.jdht.multiformats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every row of the shared multibase vectors: encode gives the canonical text, decode accepts the rest. */
class MultibaseTest {
    record Row(String file, String encoding, byte[] input, String text) {}

    static Stream<Arguments> rows() {
        return Stream.of("basic.csv", "leading_zero.csv", "two_leading_zeros.csv", "case_insensitivity.csv")
                .flatMap(file -> {
                    List<String> lines = TestData.lines("multibase/" + file);
                    byte[] input = unescape(value(lines.get(0)));
                    return lines.stream().skip(1).filter(l -> !l.isBlank())
                            .map(l -> Arguments.of(new Row(file, l.substring(0, l.indexOf(',')).trim(), input, value(l))));
                });
    }

    private static String value(String line) {
        String v = line.substring(line.indexOf(',') + 1).trim();
        return v.substring(1, v.length() - 1);
    }

    /** The vectors write NUL bytes as \x00. */
    private static byte[] unescape(String s) {
        return s.replace("\\x00", "\u0000").getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void matchesTheVector(Row row) {
        Multibase base = Multibase.valueOf(row.encoding().toUpperCase(Locale.ROOT));
        assertThat(Multibase.decode(row.text())).as("decode " + row.text()).isEqualTo(row.input());
        if (!row.file().equals("case_insensitivity.csv")) {
            assertThat(base.encode(row.input())).isEqualTo(row.text());
        }
    }

    @Test
    void everyVectorEncodingIsSupported() {
        assertThat(rows().count()).isGreaterThan(60);
    }

    @Test
    void rejectsUnknownPrefixesAndBadCharacters() {
        assertThatThrownBy(() -> Multibase.decode("")).hasMessageContaining("empty");
        assertThatThrownBy(() -> Multibase.decode("*abc")).hasMessageContaining("unknown multibase prefix");
        assertThatThrownBy(() -> Multibase.decode("z0OIl")).hasMessageContaining("base58btc").hasMessageContaining("'0'");
        assertThatThrownBy(() -> Multibase.decode("mAB!")).isInstanceOf(InvalidMultiformatException.class);
        assertThatThrownBy(() -> Multibase.decode("fabc")).hasMessageContaining("length");
    }

    @Test
    void rawFormsHaveNoPrefix() {
        byte[] data = {0, 0, 1, 2, 3};
        String raw = Multibase.BASE58BTC.encodeRaw(data);
        assertThat(raw).startsWith("11");
        assertThat(Multibase.BASE58BTC.decodeRaw(raw)).isEqualTo(data);
        assertThat(Multibase.BASE32.encode(new byte[0])).isEqualTo("b");
        assertThat(Multibase.decode("b")).isEmpty();
    }
}
