package io.jdht.daemon.unixfs;

import io.jdht.multiformats.Cid;
import java.util.HashMap;
import java.util.Map;

/**
 * A sink for tests: counts every block and its bytes, remembers the last one (the root), and keeps
 * the blocks no larger than a limit, so that a big import can keep its small inner nodes without
 * holding every chunk.
 */
final class RecordingSink implements BlockSink {
    private final int keepUpTo;
    final Map<Cid, byte[]> kept = new HashMap<>();
    long puts;
    long bytes;
    Cid lastCid;
    byte[] lastBlock;

    /** Keeps every block. */
    RecordingSink() {
        this(Integer.MAX_VALUE);
    }

    RecordingSink(int keepUpTo) {
        this.keepUpTo = keepUpTo;
    }

    @Override
    public void put(Cid cid, byte[] block) {
        puts++;
        bytes += block.length;
        lastCid = cid;
        lastBlock = block;
        if (block.length <= keepUpTo) {
            kept.put(cid, block);
        }
    }

    byte[] block(Cid cid) {
        byte[] b = kept.get(cid);
        if (b == null) {
            throw new AssertionError("no block was kept for " + cid);
        }
        return b;
    }

    /** The dag-pb node of a kept block. */
    PbNode node(Cid cid) {
        return DagPbDecoder.decode(block(cid));
    }

    /** The UnixFS data of a kept dag-pb block. */
    UnixFsData unixFs(Cid cid) {
        return UnixFsData.decode(node(cid).data());
    }
}
