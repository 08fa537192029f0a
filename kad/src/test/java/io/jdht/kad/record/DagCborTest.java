package io.jdht.kad.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DagCborTest {
    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    @Test
    void writesCanonicalKeyOrderAndMinimalHeads() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Value", new byte[] {1});
        m.put("ValidityType", 0L);
        m.put("TTL", 24L);
        m.put("Sequence", 0x1_0000L);
        m.put("Validity", new byte[0]);
        // shortest key first; equal lengths bytewise ("Sequence" < "Validity")
        assertThat(DagCbor.writeMap(m)).isEqualTo(hex(
                "a5 63 54544c 1818"
                        + " 65 56616c7565 41 01"
                        + " 68 53657175656e6365 1a 00010000"
                        + " 68 56616c6964697479 40"
                        + " 6c 56616c696469747954797065 00"));
        assertThat(DagCbor.writeMap(Map.of("a", -1L))).isEqualTo(hex("a1 61 61 1b ffffffffffffffff"));
        assertThat(DagCbor.writeMap(Map.of("a", 0xffL, "b", 0xffffL))).isEqualTo(hex("a2 6161 18ff 6162 19ffff"));
    }

    @Test
    void readsWhatItWrites() throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("x", new byte[300]);
        m.put("yy", 1L << 40);
        Map<String, DagCbor.Value> read = DagCbor.readMap(DagCbor.writeMap(m));
        assertThat(read.keySet()).containsExactly("x", "yy");
        assertThat(((DagCbor.Value.Bytes) read.get("x")).bytes()).hasSize(300);
        assertThat(read.get("yy")).isEqualTo(new DagCbor.Value.Unsigned(1L << 40));
    }

    @Test
    void walksOverExtensionValues() throws Exception {
        // {"a": [1, -2, {"k": null}, 42("\0"), 1.5, true], "b": "hé", "c": 7}
        byte[] cbor = hex("a3 6161 86 01 21 a1 616b f6 d82a 41 00 f9 3e00 f5 6162 63 68c3a9 6163 07");
        Map<String, DagCbor.Value> read = DagCbor.readMap(cbor);
        assertThat(read.get("a")).isEqualTo(new DagCbor.Value.Other(4));
        assertThat(read.get("b")).isEqualTo(new DagCbor.Value.Text("hé"));
        assertThat(read.get("c")).isEqualTo(new DagCbor.Value.Unsigned(7));
    }

    @Test
    void rejectsWhatDagCborForbidsOrWhatIsMalformed() {
        Map<String, String> bad = new LinkedHashMap<>();
        bad.put("", "truncated");
        bad.put("80", "expected a map");
        bad.put("a1 01 01", "not a text string");
        bad.put("a2 6161 01 6161 02", "duplicate map key 'a'");
        bad.put("a1 6161 01 00", "follow the map");
        bad.put("bf ff", "indefinite");
        bad.put("a1 6161 5f ff", "indefinite");
        bad.put("a1 6161 c1 00", "tag 1 is not allowed");
        bad.put("a1 6161 f7", "simple value 23");
        bad.put("a1 6161 f8 10", "simple value 24");
        bad.put("a1 6161 1c", "reserved");
        bad.put("a1 6161 5a ffffffff", "only");
        bad.put("a1 6161 5b 8000000000000000", "only");
        bad.put("bb ffffffffffffffff", "claims");
        bad.put("a1 6161 9b 8000000000000000", "claims");
        bad.put("a1 61 ff 01", "not valid UTF-8");
        bad.put("a1 6161 1b 0000", "truncated");
        bad.put("a1 6161 fb 00", "truncated");
        for (var e : bad.entrySet()) {
            assertThatThrownBy(() -> DagCbor.readMap(hex(e.getKey())))
                    .as(e.getKey())
                    .isInstanceOf(DagCbor.CborException.class)
                    .hasMessageContaining(e.getValue());
        }
    }

    @Test
    void nestingIsBounded() throws Exception {
        // MAX_DEPTH levels of items below the top-level map: MAX_DEPTH - 1 arrays and the innermost item
        for (int depth : List.of(DagCbor.MAX_DEPTH - 1, DagCbor.MAX_DEPTH, 100_000)) {
            byte[] cbor = new byte[3 + depth + 1];
            cbor[0] = (byte) 0xa1;
            cbor[1] = 0x61;
            cbor[2] = 'a';
            for (int i = 0; i < depth; i++) {
                cbor[3 + i] = (byte) 0x81; // an array of one item
            }
            cbor[3 + depth] = 0x00;
            if (depth < DagCbor.MAX_DEPTH) {
                assertThat(DagCbor.readMap(cbor).get("a")).isEqualTo(new DagCbor.Value.Other(4));
            } else {
                assertThatThrownBy(() -> DagCbor.readMap(cbor)).isInstanceOf(DagCbor.CborException.class)
                        .hasMessageContaining("nesting");
            }
        }
    }
}
