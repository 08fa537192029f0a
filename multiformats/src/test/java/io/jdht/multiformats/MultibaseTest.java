package io.jdht.multiformats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Random;
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

    /** Every base round-trips random data, including runs of leading zero bytes and the empty input. */
    @Test
    void everyBaseRoundTripsRandomData() {
        Random rnd = new Random(42);
        for (Multibase base : Multibase.values()) {
            for (int n = 0; n < 200; n++) {
                byte[] data = new byte[rnd.nextInt(70)];
                rnd.nextBytes(data);
                for (int z = 0, zeros = rnd.nextInt(4); z < zeros && z < data.length; z++) {
                    data[z] = 0;
                }
                String text = base.encode(data);
                assertThat(Multibase.decode(text)).as(base + " " + text).isEqualTo(data);
                assertThat(Multibase.decodeWithBase(text).base()).isEqualTo(base);
            }
        }
    }

    /** base10 and base36 must agree with the JDK's own big-number printing (an independent reference). */
    @Test
    void radixBasesAgreeWithBigInteger() {
        Random rnd = new Random(7);
        for (int n = 0; n < 300; n++) {
            byte[] data = new byte[1 + rnd.nextInt(200)];
            rnd.nextBytes(data);
            data[0] |= 1; // no leading zero byte, so the text is exactly the number
            BigInteger number = new BigInteger(1, data);
            assertThat(Multibase.BASE10.encodeRaw(data)).isEqualTo(number.toString(10));
            assertThat(Multibase.BASE36.encodeRaw(data)).isEqualTo(number.toString(36));
            assertThat(Multibase.BASE36.decodeRaw(number.toString(36).toUpperCase(Locale.ROOT))).isEqualTo(data);
        }
    }

    @Test
    void radixDecodingIsBounded() {
        String longest = "z" + "2".repeat(65536);
        byte[] decoded = Multibase.decode(longest);
        assertThat(Multibase.BASE58BTC.encode(decoded)).isEqualTo(longest);
        assertThatThrownBy(() -> Multibase.decode(longest + "2")).hasMessageContaining("exceeds the limit");
    }

    @Test
    void prefixesAndNamesMatchTheMultibaseTable() {
        assertThat(Multibase.forPrefix('z')).contains(Multibase.BASE58BTC);
        assertThat(Multibase.forPrefix('k')).contains(Multibase.BASE36);
        assertThat(Multibase.forPrefix(0x1F680)).contains(Multibase.BASE256EMOJI);
        assertThat(Multibase.forPrefix('Q')).isEmpty();
        assertThat(Multibase.BASE64URLPAD.specName()).isEqualTo("base64urlpad");
        assertThat(Multibase.BASE32.prefixCodePoint()).isEqualTo('b');
    }

    @Test
    void caseSensitiveBasesRejectTheOtherCase() {
        assertThat(Multibase.decode("f0A")).containsExactly(0x0a); // base16 is case-insensitive
        assertThatThrownBy(() -> Multibase.decode("h8E")).isInstanceOf(InvalidMultiformatException.class); // base32z
        assertThatThrownBy(() -> Multibase.decode("zl")).hasMessageContaining("'l'"); // not in base58btc
        assertThatThrownBy(() -> Multibase.decode("\uD83D\uDE80a")).hasMessageContaining("table");
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
