package io.jdht.daemon.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ByteSizeTest {
    @Test
    void readsKubosSizesWithDecimalAndBinaryUnits() {
        assertThat(ByteSize.parse("4GB")).isEqualTo(4_000_000_000L);
        assertThat(ByteSize.parse("4 GB")).isEqualTo(4_000_000_000L);
        assertThat(ByteSize.parse("512MiB")).isEqualTo(512L << 20);
        assertThat(ByteSize.parse("512mib")).isEqualTo(512L << 20);
        assertThat(ByteSize.parse("64k")).isEqualTo(64_000L);
        assertThat(ByteSize.parse("2TiB")).isEqualTo(2L << 40);
        assertThat(ByteSize.parse("1048576")).isEqualTo(1L << 20);
        assertThat(ByteSize.parse("7B")).isEqualTo(7L);
    }

    @Test
    void saysWhatIsWrongWithABadSize() {
        assertThatThrownBy(() -> ByteSize.parse("")).hasMessageContaining("not a size");
        assertThatThrownBy(() -> ByteSize.parse("GB")).hasMessageContaining("must start with a whole number");
        assertThatThrownBy(() -> ByteSize.parse("1.5GB")).hasMessageContaining("unknown unit '.5gb'");
        assertThatThrownBy(() -> ByteSize.parse("4 parsecs")).hasMessageContaining("unknown unit 'parsecs'");
        assertThatThrownBy(() -> ByteSize.parse("-4GB")).hasMessageContaining("must start with a whole number");
        assertThatThrownBy(() -> ByteSize.parse("99999999999TB")).hasMessageContaining("too large");
        assertThatThrownBy(() -> ByteSize.parse("9".repeat(40))).hasMessageContaining("not a size");
    }
}
