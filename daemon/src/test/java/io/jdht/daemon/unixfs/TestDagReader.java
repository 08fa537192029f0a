package io.jdht.daemon.unixfs;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdht.multiformats.Cid;
import io.jdht.multiformats.Multicodec;
import java.io.ByteArrayOutputStream;
import java.util.List;

/**
 * Reads a file back out of the blocks a {@link RecordingSink} kept, checking on the way that every
 * node says what it holds: a leaf's filesize is its length, an inner node's blocksizes are its
 * children's lengths, its filesize their sum, and each link's Tsize the child's cumulative size.
 */
final class TestDagReader {
    private final RecordingSink blocks;

    TestDagReader(RecordingSink blocks) {
        this.blocks = blocks;
    }

    /** A subtree's content and cumulative size. */
    record Subtree(byte[] content, long dagSize) {}

    byte[] read(Cid root) {
        return readSubtree(root).content();
    }

    Subtree readSubtree(Cid cid) {
        byte[] block = blocks.block(cid);
        assertThat(cid.hash().matches(block)).as("hash of %s", cid).isTrue();
        if (cid.codec() == Multicodec.RAW) {
            return new Subtree(block, block.length);
        }
        assertThat(cid.codec()).isEqualTo(Multicodec.DAG_PB);
        PbNode node = DagPbDecoder.decode(block);
        UnixFsData data = UnixFsData.decode(node.data());
        assertThat(data.type()).isEqualTo(UnixFsType.FILE);
        List<PbLink> links = node.links();
        if (links.isEmpty()) {
            assertThat(data.filesize()).hasValue(data.data().length);
            return new Subtree(data.data(), block.length);
        }
        assertThat(data.data()).as("an inner node holds no bytes itself").isEmpty();
        assertThat(data.blocksizes()).hasSameSizeAs(links);
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        long dagSize = block.length;
        for (int i = 0; i < links.size(); i++) {
            PbLink link = links.get(i);
            Subtree child = readSubtree(link.hash());
            assertThat(link.name()).isEqualTo("");
            assertThat(link.tsize()).isEqualTo(child.dagSize());
            assertThat(data.blocksizes().get(i)).isEqualTo(child.content().length);
            content.writeBytes(child.content());
            dagSize += child.dagSize();
        }
        assertThat(data.filesize()).hasValue(content.size());
        return new Subtree(content.toByteArray(), dagSize);
    }
}
