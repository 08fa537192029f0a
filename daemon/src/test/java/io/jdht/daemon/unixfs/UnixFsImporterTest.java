package io.jdht.daemon.unixfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdht.multiformats.Cid;
import io.jdht.multiformats.Multicodec;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class UnixFsImporterTest {
    private static final ImportOptions V0 = ImportOptions.KUBO_DEFAULT;
    private static final ImportOptions V1 = ImportOptions.KUBO_CID_V1;
    private static final int CHUNK = ImportOptions.DEFAULT_CHUNK_SIZE;

    /**
     * What {@code ipfs add} prints for small texts. Sources: Kubo's test/cli/add_test.go and
     * cid_profiles_test.go ("hello world", without a newline, with the default options, with
     * {@code --cid-version=1}, and with CIDv1 but {@code --raw-leaves=false}); Kubo's sharness test of
     * {@code ipfs file ls}, which adds files written by {@code echo}.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            hello world | 0 | false | Qmf412jQZiuVUtdgnB36FXFX7xg5V6KEbSJ4dpQuhkLyfD
            hello world | 1 | true  | bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e
            hello world | 1 | false | bafybeihykld7uyxzogax6vgyvag42y7464eywpf55gxi5qpoisibh3c5wa
            hello\\n    | 0 | false | QmZULkCELmmk5XNfCgTnCyFgAVxBRBXyDHGGMVoLFLiXEN
            hello\\n    | 1 | true  | bafkreicysg23kiwv34eg2d7qweipxwosdo2py4ldv42nbauguluen5v6am
            world\\n    | 0 | false | QmaRGe7bVmVaLmxbrMiVNXqW4pRNNp3xq7hFtyRKA3mtJL
            test\\n     | 0 | false | QmeomffUNfmQy76CQGy9NdmqEnnHU9soCexBnGU3ezPHVH
            data\\n     | 0 | false | QmNtocSs7MoDkJMc1RkyisCSKvLadujPsfJfSdJ3e1eA1M
            """)
    void smallTextsGetKubosCids(String text, int cidVersion, boolean rawLeaves, String expected) throws IOException {
        String content = text.replace("\\n", "\n");
        ImportOptions options = ImportOptions.forCidVersion(cidVersion).withRawLeaves(rawLeaves);
        ImportResult r = TestFiles.importText(content, options);
        assertThat(r.root()).hasToString(expected);
        assertThat(r.size()).isEqualTo(content.length());
    }

    /**
     * An empty file is one empty leaf: with dag-pb leaves a UnixFS File of size 0 (Kubo's well-known
     * QmbFMke1…); with raw leaves the empty raw block, as Kubo's {@code --cid-version=1} and
     * js-ipfs-unixfs-importer both give (the interop test checks the latter).
     */
    @Test
    void emptyFileIsOneEmptyLeaf() throws IOException {
        RecordingSink v0 = new RecordingSink();
        ImportResult r0 = TestFiles.importBytes(new byte[0], V0, v0);
        assertThat(r0).isEqualTo(new ImportResult(Cid.parse("QmbFMke1KXqnYyBBWxB74N4c5SBnJMVAiMNRcGu6x1AwQH"), 0, 6));
        assertThat(v0.block(r0.root())).containsExactly(0x0a, 0x04, 0x08, 0x02, 0x18, 0x00);
        assertThat(v0.puts).isEqualTo(1);

        ImportResult r1 = TestFiles.importBytes(new byte[0], V1, BlockSink.discard());
        assertThat(r1).isEqualTo(new ImportResult(
                Cid.parse("bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku"), 0, 0));
    }

    /**
     * Kubo's CIDs for files that need a second level, from cid_profiles_test.go (profile
     * unixfs-v0-2015, Kubo's default): 44800 KiB (175 chunks) of its deterministic data with seed
     * "v0-seed" give QmepeWtd…; 44544 KiB (174 chunks, exactly one full node) give QmUbBALi…. The
     * smaller file is the start of the larger, so the larger's first link must be the smaller's root.
     */
    @Test
    void largeFileWithTwoLevelsGetsKubosCid() throws IOException {
        RecordingSink sink = new RecordingSink(64 * 1024); // keeps the inner nodes, not the 256 KiB leaves
        ImportResult r = UnixFsImporter.importFile(TestFiles.kuboDeterministic(175L * CHUNK, "v0-seed"), V0, sink);
        assertThat(r.root()).hasToString("QmepeWtdmS1hHXx1oZXsPUv6bMrfRRKfZcoPPU4eEfjnbf");
        assertThat(r.size()).isEqualTo(175L * CHUNK);
        assertThat(r.dagSize()).isEqualTo(sink.bytes);
        assertThat(sink.puts).isEqualTo(175 + 2 + 1);

        PbNode root = sink.node(r.root());
        assertThat(root.links()).extracting(PbLink::hash).extracting(Cid::toString)
                .first().isEqualTo("QmUbBALi174SnogsUzLpYbD4xPiBSFANF4iztWCsHbMKh2");
        assertThat(sink.unixFs(r.root()).blocksizes()).containsExactly(174L * CHUNK, (long) CHUNK);
        assertThat(sink.node(root.links().get(0).hash()).links()).hasSize(174);
        assertThat(sink.node(root.links().get(1).hash()).links()).hasSize(1);
    }

    /**
     * The same with Kubo's test-cid-v1 profile (CIDv1, raw leaves, 1 MiB chunks, 174 links), from
     * add_test.go: 175 MiB with seed "v1-seed" give bafybeidhd7l…, the first 174 MiB bafybeigwdux….
     */
    @Test
    void largeFileWithTwoLevelsGetsKubosCidV1() throws IOException {
        ImportOptions testCidV1 = V1.withChunkSize(1024 * 1024);
        RecordingSink sink = new RecordingSink(64 * 1024);
        ImportResult r = UnixFsImporter.importFile(TestFiles.kuboDeterministic(175L << 20, "v1-seed"), testCidV1, sink);
        assertThat(r.root()).hasToString("bafybeidhd7lo2n2v7lta5yamob3xwhbxcczmmtmhquwhjesi35jntf7mpu");
        assertThat(sink.node(r.root()).links().getFirst().hash())
                .hasToString("bafybeigwduxcf2aawppv3isnfeshnimkyplvw3hthxjhr2bdeje4tdaicu");
        assertThat(r.dagSize()).isEqualTo(sink.bytes);
    }

    @ParameterizedTest
    @ValueSource(ints = {CHUNK - 1, CHUNK})
    void aFileOfOneChunkIsItsOwnLeaf(int size) throws IOException {
        byte[] content = TestFiles.random(size, size);

        RecordingSink v0 = new RecordingSink();
        ImportResult r0 = TestFiles.importBytes(content, V0, v0);
        assertThat(v0.puts).isEqualTo(1);
        assertThat(r0.root().version()).isZero();
        PbNode leaf = v0.node(r0.root());
        assertThat(leaf.links()).isEmpty();
        assertThat(UnixFsData.decode(leaf.data())).isEqualTo(UnixFsData.fileLeaf(content));
        assertThat(r0.dagSize()).isEqualTo(v0.block(r0.root()).length).isGreaterThan(size);

        RecordingSink v1 = new RecordingSink();
        ImportResult r1 = TestFiles.importBytes(content, V1, v1);
        assertThat(r1.root().codec()).isEqualTo(Multicodec.RAW);
        assertThat(v1.block(r1.root())).isEqualTo(content);
        assertThat(r1.dagSize()).isEqualTo(size);
    }

    @Test
    void oneByteMoreThanAChunkMakesAParentOfTwoLeaves() throws IOException {
        byte[] content = TestFiles.random(CHUNK + 1, 7);
        for (ImportOptions options : List.of(V0, V1)) {
            RecordingSink sink = new RecordingSink();
            ImportResult r = TestFiles.importBytes(content, options, sink);
            assertThat(r.root().version()).isEqualTo(options.cidVersion());
            assertThat(r.root().codec()).isEqualTo(Multicodec.DAG_PB);
            PbNode root = sink.node(r.root());
            assertThat(root.links()).hasSize(2).allSatisfy(l -> assertThat(l.name()).isEmpty());
            assertThat(sink.unixFs(r.root())).isEqualTo(UnixFsData.fileParent(List.of((long) CHUNK, 1L)));
            assertThat(r.dagSize()).isEqualTo(sink.bytes)
                    .isEqualTo(sink.block(r.root()).length + root.links().get(0).tsize() + root.links().get(1).tsize());
            assertThat(new TestDagReader(sink).read(r.root())).isEqualTo(content);
        }
    }

    /** 174 × 174 + 1 chunks need a third level: the root has a full subtree and one holding a single leaf. */
    @Test
    void thirdLevelStartsAfter174Times174Chunks() throws IOException {
        int chunks = 174 * 174 + 1;
        byte[] content = TestFiles.random(chunks, 3);
        RecordingSink sink = new RecordingSink();
        ImportResult r = TestFiles.importBytes(content, V1.withChunkSize(1), sink);
        PbNode root = sink.node(r.root());
        assertThat(root.links()).hasSize(2);
        PbNode full = sink.node(root.links().get(0).hash());
        assertThat(full.links()).hasSize(174);
        assertThat(sink.node(full.links().get(173).hash()).links()).hasSize(174);
        PbNode tail = sink.node(root.links().get(1).hash());
        assertThat(tail.links()).hasSize(1);
        PbNode tailParent = sink.node(tail.links().getFirst().hash());
        assertThat(tailParent.links()).hasSize(1);
        assertThat(tailParent.links().getFirst().hash().codec()).isEqualTo(Multicodec.RAW);
        assertThat(sink.puts).isEqualTo(chunks + 174 + 1 + 1 + 1 + 1);
        assertThat(new TestDagReader(sink).read(r.root())).isEqualTo(content);
    }

    /** Small chunks and narrow nodes give deep trees quickly; each must read back as its input. */
    @ParameterizedTest
    @CsvSource({"0, 7, 2", "1, 7, 2", "7, 7, 2", "8, 7, 2", "14, 7, 2", "15, 7, 2", "57, 7, 2", "1000, 3, 3",
            "5000, 10, 174", "1000, 1, 5", "100000, 100, 174"})
    void everyShapeReadsBackAsItsInput(int size, int chunkSize, int maxLinks) throws IOException {
        byte[] content = TestFiles.random(size, size * 31L + chunkSize);
        for (ImportOptions base : List.of(V0, V1, V0.withRawLeaves(true), V1.withRawLeaves(false))) {
            ImportOptions options = base.withChunkSize(chunkSize).withMaxLinks(maxLinks);
            RecordingSink sink = new RecordingSink();
            ImportResult r = TestFiles.importBytes(content, options, sink);
            assertThat(r.size()).isEqualTo(size);
            assertThat(r.dagSize()).isEqualTo(sink.bytes);
            assertThat(r.root()).isEqualTo(sink.lastCid);
            assertThat(new TestDagReader(sink).read(r.root())).as("%s", options).isEqualTo(content);
            // the same input gives the same root, whatever pieces the stream delivers it in
            assertThat(UnixFsImporter.importFile(new TrickleStream(content), options, BlockSink.discard()).root())
                    .isEqualTo(r.root());
        }
    }

    @Test
    void failuresOfTheStreamOrTheSinkStopTheImport() {
        InputStream broken = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("disk on fire");
            }
        };
        assertThatThrownBy(() -> UnixFsImporter.importFile(broken, V0, BlockSink.discard()))
                .isInstanceOf(IOException.class).hasMessage("disk on fire");
        BlockSink full = (cid, block) -> {
            throw new IOException("no space left");
        };
        assertThatThrownBy(() -> TestFiles.importBytes(new byte[10], V0, full))
                .isInstanceOf(IOException.class).hasMessage("no space left");
    }

    /** Hands out at most three bytes per read, as a slow network stream might. */
    private static final class TrickleStream extends ByteArrayInputStream {
        TrickleStream(byte[] content) {
            super(content);
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) {
            return super.read(b, off, Math.min(len, 3));
        }
    }
}
