package io.jdht.multiformats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every scenario of the shared {@code multiaddr.feature} (Gherkin). A scenario starts from a
 * string or packed ({@code 0x…}) multiaddr and states the other form, sizes, and a table of
 * components. A step this parser does not know fails the test, so that new kinds of scenario in
 * the file cannot pass silently.
 */
class MultiaddrFeatureTest {
    private static final HexFormat HEX = HexFormat.of();

    /** One scenario: its title, the multiaddr it starts from, its steps and its component table. */
    record Scenario(String title, String given, List<String> steps, List<List<String>> table) {
        @Override
        public String toString() {
            return title;
        }
    }

    static Stream<Scenario> scenarios() {
        List<Scenario> out = new ArrayList<>();
        String title = null;
        String given = null;
        List<String> steps = new ArrayList<>();
        List<List<String>> table = new ArrayList<>();
        for (String raw : TestData.lines("multiaddr.feature")) {
            String line = raw.trim();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith("Feature:")) {
                continue;
            }
            if (line.startsWith("Scenario")) {
                if (title != null) {
                    out.add(new Scenario(title, given, steps, table));
                }
                title = line;
                given = null;
                steps = new ArrayList<>();
                table = new ArrayList<>();
            } else if (line.startsWith("Given the multiaddr ")) {
                given = line.substring("Given the multiaddr ".length()).trim();
            } else if (line.startsWith("|")) {
                table.add(Arrays.stream(line.substring(1, line.length() - 1).split("\\|", -1))
                        .map(String::trim).toList());
            } else {
                steps.add(line);
            }
        }
        if (title != null) {
            out.add(new Scenario(title, given, steps, table));
        }
        return out.stream();
    }

    @Test
    void theFileHasScenarios() {
        assertThat(scenarios().count()).isGreaterThanOrEqualTo(2);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void scenario(Scenario s) {
        assertThat(s.given()).as("Given step").isNotNull();
        boolean invalid = s.steps().stream().anyMatch(st -> st.toLowerCase().contains("invalid")
                || st.toLowerCase().contains("error"));
        if (invalid) {
            assertThatThrownBy(() -> load(s.given())).isInstanceOf(InvalidMultiformatException.class);
            return;
        }
        Multiaddr ma = load(s.given());
        int checks = 0;
        for (String step : s.steps()) {
            String st = step.replaceFirst("^(Then|And|But) ", "");
            if (st.startsWith("the packed form is ")) {
                assertThat("0x" + HEX.formatHex(ma.toBytes())).isEqualTo(after(st, "the packed form is "));
            } else if (st.startsWith("the string form is ")) {
                assertThat(ma.toString()).isEqualTo(after(st, "the string form is "));
            } else if (st.startsWith("the packed size is ")) {
                assertThat(ma.toBytes().length + " bytes").isEqualTo(after(st, "the packed size is "));
            } else if (st.startsWith("the string size is ")) {
                assertThat(utf8Length(ma.toString()) + " bytes").isEqualTo(after(st, "the string size is "));
            } else if (st.startsWith("the components are")) {
                checkComponents(ma, s.table());
            } else {
                fail("unknown step in multiaddr.feature: " + step);
            }
            checks++;
        }
        assertThat(checks).as("steps checked").isPositive();
        // whichever form the scenario starts from, the other form must lead back to the same value
        assertThat(Multiaddr.parse(ma.toString())).isEqualTo(ma);
        assertThat(Multiaddr.decode(ma.toBytes())).isEqualTo(ma);
    }

    private static Multiaddr load(String given) {
        return given.startsWith("0x") ? Multiaddr.decode(HEX.parseHex(given.substring(2))) : Multiaddr.parse(given);
    }

    private static String after(String step, String prefix) {
        return step.substring(prefix.length()).trim();
    }

    private static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    private static void checkComponents(Multiaddr ma, List<List<String>> table) {
        assertThat(table).as("component table").hasSizeGreaterThan(1);
        List<String> header = table.getFirst();
        assertThat(ma.components()).hasSize(table.size() - 1);
        for (int i = 1; i < table.size(); i++) {
            Multiaddr.Component c = ma.components().get(i - 1);
            List<String> row = table.get(i);
            byte[] packed = new Multiaddr(List.of(c)).toBytes();
            byte[] code = Varint.encode(c.protocol().code());
            for (int col = 0; col < header.size(); col++) {
                String want = row.get(col);
                String actual = switch (header.get(col)) {
                    case "string" -> c.toString();
                    case "stringSize" -> Integer.toString(utf8Length(c.toString()));
                    case "packed" -> "0x" + HEX.formatHex(packed);
                    case "packedSize" -> Integer.toString(packed.length);
                    case "value" -> c.valueString();
                    case "valueSize" -> Integer.toString(c.value().length);
                    case "protocol" -> c.protocol().protocolName();
                    case "codec" -> Integer.toString(c.protocol().code());
                    case "uvarint" -> "0x" + HEX.formatHex(code);
                    case "lengthPrefix" -> c.protocol().sizeBits() == MultiaddrProtocol.VARIABLE
                            ? "0x" + HEX.formatHex(Varint.encode(c.value().length)) : "";
                    case "rawValue" -> c.value().length == 0 ? "" : "0x" + HEX.formatHex(c.value());
                    default -> throw new AssertionError("unknown column " + header.get(col));
                };
                assertThat(actual).as("row " + i + " column " + header.get(col)).isEqualTo(want);
            }
        }
    }
}
