package io.jdht.multiformats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

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
        assertThat(v0.toBytes()).hasSize(34).startsWith(0x12, 0x20);
        assertThat(v0.toV1().toString()).isEqualTo(EMPTY_DIR_V1);
        assertThat(Cid.parse(EMPTY_DIR_V1)).isEqualTo(v0.toV1());
        assertThat(Cid.decode(v0.toBytes())).isEqualTo(v0);
        assertThat(Cid.decode(v0.toV1().toBytes())).isEqualTo(v0.toV1());
        assertThat(v0.toV1().toBytes()).startsWith(0x01, 0x70, 0x12, 0x20);
    }

    @Test
    void rawCidParsesFromAnyMultibase() {
        Cid raw = Cid.v1(Multicodec.RAW, Multihash.sha2_256("hello world".getBytes(StandardCharsets.UTF_8)));
        assertThat(raw.toString()).startsWith("bafkrei");
        for (Multibase b : Multibase.values()) {
            assertThat(Cid.parse(raw.toString(b))).as(b.specName()).isEqualTo(raw);
        }
    }

    /** The peer-ids spec's example: the same sha2-256 peer id as a CIDv1 and as a bare multihash. */
    @Test
    void peerIdSpecExample() {
        Cid cid = Cid.parse("bafzbeie5745rpv2m6tjyuugywy4d5ewrqgqqhfnf445he3omzpjbx5xqxe");
        assertThat(cid.codec()).isEqualTo(Multicodec.LIBP2P_KEY);
        assertThat(cid.hash().toBase58()).isEqualTo("QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N");
        assertThat(cid.toString()).isEqualTo("bafzbeie5745rpv2m6tjyuugywy4d5ewrqgqqhfnf445he3omzpjbx5xqxe");
    }

    /** The IPNS vector files are named by their key: a base36 libp2p-key CIDv1 over an identity multihash. */
    static Stream<String> ipnsNames() throws IOException {
        try (Stream<Path> files = Files.list(TestData.dir().resolve("ipns"))) {
            List<String> names = files.map(f -> f.getFileName().toString())
                    .filter(n -> n.endsWith(".ipns-record"))
                    .map(n -> n.substring(0, n.indexOf('_')))
                    .toList();
            assertThat(names).isNotEmpty();
            return names.stream();
        }
    }

    @ParameterizedTest
    @MethodSource("ipnsNames")
    void ipnsNamesAreBase36LibP2pKeyCids(String name) {
        Cid cid = Cid.parse(name);
        assertThat(cid.version()).isEqualTo(1);
        assertThat(cid.codec()).isEqualTo(Multicodec.LIBP2P_KEY);
        assertThat(cid.hash().code()).isEqualTo(Multicodec.IDENTITY);
        assertThat(cid.toString(Multibase.BASE36)).isEqualTo(name);
        assertThat(Cid.parse(cid.toString())).isEqualTo(cid);
        assertThat(cid.toString()).startsWith("bafzaa");
    }

    @Test
    void unknownCodecsAreKeptByNumber() {
        Multihash mh = Multihash.sha2_256(new byte[] {1});
        Cid cid = Cid.v1(0x3f42_0000L, mh);
        assertThat(Cid.decode(cid.toBytes())).isEqualTo(cid);
        assertThat(Cid.parse(cid.toString()).codec()).isEqualTo(0x3f42_0000L);
    }

    @Test
    void rejectsBadCids() {
        assertThatThrownBy(() -> Cid.parse("")).hasMessageContaining("empty");
        assertThatThrownBy(() -> Cid.decode(new byte[] {2, 0x55, 0x12, 0})).hasMessageContaining("version 2");
        assertThatThrownBy(() -> Cid.decode(new byte[] {0, 0x70, 0x12, 0})).hasMessageContaining("version 0");
        assertThatThrownBy(() -> Cid.v0(Multihash.identity(new byte[3]))).hasMessageContaining("CIDv0");
        assertThatThrownBy(() -> Cid.v0(Multihash.digest(Multicodec.SHA2_512, new byte[0]))).hasMessageContaining("CIDv0");
        assertThatThrownBy(() -> new Cid(0, Multicodec.RAW, Multihash.sha2_256(new byte[0]))).hasMessageContaining("CIDv0");
        assertThatThrownBy(() -> new Cid(3, Multicodec.RAW, Multihash.sha2_256(new byte[0]))).hasMessageContaining("version 3");
        byte[] withTrailer = Arrays.copyOf(Cid.parse(EMPTY_DIR_V1).toBytes(), 39);
        assertThatThrownBy(() -> Cid.decode(withTrailer)).hasMessageContaining("unexpected");
        byte[] v0WithTrailer = Arrays.copyOf(Cid.parse(EMPTY_DIR_V0).toBytes(), 35);
        assertThatThrownBy(() -> Cid.decode(v0WithTrailer)).isInstanceOf(InvalidMultiformatException.class);
        assertThatThrownBy(() -> Cid.decode(new byte[0])).hasMessageContaining("truncated");
        assertThatThrownBy(() -> Cid.parse("zQmUNLL")).isInstanceOf(InvalidMultiformatException.class);
        assertThatThrownBy(() -> Cid.parse(EMPTY_DIR_V0.substring(0, 45) + "0")).hasMessageContaining("'0'");
        assertThatThrownBy(() -> Cid.v0(Multihash.sha2_256(new byte[0])).toString(Multibase.BASE32))
                .isInstanceOf(IllegalStateException.class);
    }

    /** A CIDv0 has exactly one text form: base58btc without a prefix (as js-multiformats insists). */
    @ParameterizedTest
    @ValueSource(strings = {"z", "b", "f"})
    void rejectsAMultibasePrefixedV0(String prefix) {
        byte[] v0 = Cid.parse(EMPTY_DIR_V0).toBytes();
        String text = Multibase.forPrefix(prefix.charAt(0)).orElseThrow().encode(v0);
        assertThatThrownBy(() -> Cid.parse(text)).hasMessageContaining("CIDv0");
    }

    @Test
    void isAValue() {
        Cid a = Cid.parse(EMPTY_DIR_V1);
        Cid b = Cid.decode(HexFormat.of().parseHex(HexFormat.of().formatHex(a.toBytes())));
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b).isNotEqualTo(Cid.parse(EMPTY_DIR_V0));
    }
}
