package io.jdht.daemon.unixfs;

import io.jdht.multiformats.Cid;
import io.jdht.multiformats.Multicodec;
import io.jdht.multiformats.Multihash;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes the blocks of one file, names them and hands them to the sink: leaves from chunks, inner
 * nodes from finished subtrees. It knows the block formats; {@link BalancedTree} knows the shape.
 */
final class FileBlockWriter {
    private final ImportOptions options;
    private final BlockSink sink;

    FileBlockWriter(ImportOptions options, BlockSink sink) {
        this.options = options;
        this.sink = sink;
    }

    /**
     * A leaf for one chunk: the chunk itself as a raw block, or a dag-pb node whose UnixFS data says
     * "a file of these bytes". The raw form is always CIDv1, as a CIDv0 can only name dag-pb.
     */
    DagLink leaf(byte[] chunk) throws IOException {
        if (options.rawLeaves()) {
            return put(Cid.v1(Multicodec.RAW, Multihash.sha2_256(chunk)), chunk, chunk.length, chunk.length);
        }
        byte[] block = PbNode.ofData(UnixFsData.fileLeaf(chunk).encode()).encode();
        return put(dagPbCid(block), block, chunk.length, block.length);
    }

    /**
     * An inner node over {@code children}, in order: each link has the empty name and the child's
     * cumulative size, and the UnixFS data lists each child's content bytes and their sum.
     */
    DagLink parent(List<DagLink> children) throws IOException {
        List<PbLink> links = new ArrayList<>(children.size());
        List<Long> blocksizes = new ArrayList<>(children.size());
        long dagSize = 0;
        for (DagLink child : children) {
            links.add(PbLink.of(child.cid(), "", child.dagSize()));
            blocksizes.add(child.contentSize());
            dagSize = Math.addExact(dagSize, child.dagSize());
        }
        UnixFsData data = UnixFsData.fileParent(blocksizes);
        byte[] block = new PbNode(links, data.encode()).encode();
        return put(dagPbCid(block), block, data.filesize().orElseThrow(), Math.addExact(dagSize, block.length));
    }

    private Cid dagPbCid(byte[] block) {
        Multihash hash = Multihash.sha2_256(block);
        return options.cidVersion() == 0 ? Cid.v0(hash) : Cid.v1(Multicodec.DAG_PB, hash);
    }

    private DagLink put(Cid cid, byte[] block, long contentSize, long dagSize) throws IOException {
        sink.put(cid, block);
        return new DagLink(cid, contentSize, dagSize);
    }
}
