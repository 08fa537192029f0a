package io.jdht.daemon.unixfs;

import io.jdht.multiformats.Cid;
import java.io.IOException;

/**
 * Where the importer puts the blocks it makes, each as soon as it is made: leaves first, each
 * parent after its children, the root last. The importer keeps no block after handing it over, so
 * a sink that writes blocks out keeps memory use independent of the file's size.
 *
 * <p>The same block may come more than once (a file with repeated chunks has repeated leaves).
 */
@FunctionalInterface
public interface BlockSink {
    /**
     * Takes one block. The array is the sink's to keep; the importer does not touch it again.
     *
     * @throws IOException to stop the import; the importer passes it on
     */
    void put(Cid cid, byte[] block) throws IOException;

    /** A sink that drops every block, for when only the CID is wanted (Kubo's {@code add --only-hash}). */
    static BlockSink discard() {
        return (cid, block) -> { };
    }
}
