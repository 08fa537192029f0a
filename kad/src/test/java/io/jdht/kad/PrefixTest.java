package io.jdht.kad;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class PrefixTest {
    private static Key key(String hex) {
        return Key.fromBits(HexFormat.of().parseHex(hex + "00".repeat(Key.BYTES - hex.length() / 2)));
    }

    @Test
    void aPrefixHoldsTheKeysThatStartWithIt() {
        Prefix p = Prefix.of(key("b4"), 5); // 10110
        assertThat(p.bits()).isEqualTo(0b10110);
        assertThat(p.contains(key("b0"))).isTrue();
        assertThat(p.contains(key("b7ff"))).isTrue();
        assertThat(p.contains(key("b8"))).isFalse();
        assertThat(p.first()).isEqualTo(key("b0"));
        assertThat(p.child(1).parent()).isEqualTo(p);
        assertThat(p.sibling()).isEqualTo(Prefix.of(key("b8"), 5));
        assertThat(p.position()).isEqualTo(22 / 32.0);
        assertThat(Prefix.ROOT.contains(key("ff"))).isTrue();
        assertThat(new Prefix(31, 5).next()).isEmpty();
    }

    @Test
    void withinTakesTheEntriesOfTheRegionOnly() {
        TreeMap<Key, String> byKey = new TreeMap<>();
        for (String hex : new String[] {"00", "7f", "80", "bf", "c0", "ff"}) {
            byKey.put(key(hex), hex);
        }
        assertThat(new Prefix(0b10, 2).within(byKey).values()).containsExactly("80", "bf");
        assertThat(new Prefix(0b11, 2).within(byKey).values()).containsExactly("c0", "ff");
        assertThat(Prefix.ROOT.within(byKey)).hasSize(6);
    }

    @Test
    void aRandomPreimageHashesIntoThePrefix() {
        Prefix p = new Prefix(0b1011001, 7);
        byte[] preimage = p.randomPreimage(new Random(3), 1 << 16).orElseThrow();
        assertThat(p.contains(Key.of(preimage))).isTrue();
        assertThat(new Prefix(0, 30).randomPreimage(new Random(3), 10)).isEmpty();
    }
}
