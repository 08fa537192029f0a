package io.jdht.daemon.unixfs;

import java.io.IOException;
import java.io.InputStream;

/**
 * Turns a stream of bytes into a UnixFS file DAG, block for block what Kubo's {@code ipfs add}
 * makes with the same options, so the root CID is Kubo's.
 *
 * <p>The stream is cut into fixed-size chunks (every chunk full but the last; an empty stream
 * gives one empty chunk, so an empty file has a CID like any other), each chunk becomes a leaf, and
 * the leaves are joined in a {@link BalancedTree balanced tree}. Blocks go to the sink as they are
 * made. Memory in use is one chunk plus at most {@code maxLinks} pending links per tree level,
 * whatever the file's size.
 */
public final class UnixFsImporter {
    private UnixFsImporter() {}

    /**
     * Imports everything {@code in} yields until its end. The stream is read, not closed.
     *
     * @throws IOException from the stream or the sink, as thrown; blocks already put stay put
     */
    public static ImportResult importFile(InputStream in, ImportOptions options, BlockSink sink) throws IOException {
        FileBlockWriter writer = new FileBlockWriter(options, sink);
        BalancedTree tree = new BalancedTree(writer, options.maxLinks());
        long size = 0;
        boolean first = true;
        // bounded by the stream: each pass but the first consumes a full chunk, or ends the loop
        while (true) {
            byte[] chunk = in.readNBytes(options.chunkSize());
            if (chunk.length == 0 && !first) {
                break;
            }
            tree.addLeaf(writer.leaf(chunk));
            size = Math.addExact(size, chunk.length);
            first = false;
            if (chunk.length < options.chunkSize()) {
                break; // a short chunk means the stream has ended
            }
        }
        DagLink root = tree.finish();
        return new ImportResult(root.cid(), size, root.dagSize());
    }
}
