package io.jdht.multiformats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CidTest {
    // Well-known CIDs: the empty directory (v0 and v1) and a raw block.
    private static final String EMPTY_DIR_V0 = "QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn";
    private static final String EMPTY_DIR_V1 = "bafybeiczsscdsbs7ffqz55asqdf3smv6klcw3gofszvwlyarci47bgf354";

    @Test
    void v0AndV1OfTheSameContent() {
        Cid v0 = Cid.parse(EMPTY_DIR_V0);
        assertThat(v0.version()).isZero();
        assertThat(v0.codec()).isEqualTo(Multicodec.DAG_PB);
        assertThat(v0.toString()).isEqualTo(EMPTY_DIR_V0);
        assertThat(v0.toV1().toString()).isEqualTo(EMPTY_DIR_V1);
        assertThat(Cid.parse(EMPTY_DIR_V1)).isEqualTo(v0.toV1());
        assertThat(Cid.decode(v0.toBytes())).isEqualTo(v0);
        assertThat(Cid.decode(v0.toV1().toBytes())).isEqualTo(v0.toV1());
    }

    @Test
    void rawCidParsesFromAnyMultibase() {
        Cid raw = Cid.v1(Multicodec.RAW, Multihash.sha2_256("hello world".getBytes(StandardCharsets.UTF_8)));
        assertThat(raw.toString()).startsWith("bafkrei");
        for (Multibase b : Multibase.values()) {
            assertThat(Cid.parse(raw.toString(b))).as(b.specName()).isEqualTo(raw);
        }
    }

    @Test
    void rejectsBadCids() {
        assertThatThrownBy(() -> Cid.parse("")).hasMessageContaining("empty");
        assertThatThrownBy(() -> Cid.decode(new byte[] {2, 0x55, 0x12, 0})).hasMessageContaining("version 2");
        assertThatThrownBy(() -> Cid.v0(Multihash.identity(new byte[3]))).hasMessageContaining("CIDv0");
        byte[] withTrailer = java.util.Arrays.copyOf(Cid.parse(EMPTY_DIR_V1).toBytes(), 39);
        assertThatThrownBy(() -> Cid.decode(withTrailer)).hasMessageContaining("unexpected");
        assertThatThrownBy(() -> Cid.parse("zQmUNLL")).isInstanceOf(InvalidMultiformatException.class);
    }
}
