package io.jdht.daemon.unixfs;

/**
 * What {@link DagPbDecoder} accepts at most.
 *
 * @param maxBlockBytes the largest block, in bytes
 * @param maxLinks the most links a node may have
 */
public record DagPbLimits(int maxBlockBytes, int maxLinks) {
    /**
     * 2 MiB blocks, twice the 1 MiB Kubo writes and accepts by default (its chunker refuses larger
     * chunks and {@code block put} larger blocks), so every block Kubo makes decodes; and 65536
     * links, far more than a UnixFS file node (174 by default), a HAMT shard (256) or a directory
     * Kubo keeps flat (it shards one whose links pass 256 KiB) holds.
     */
    public static final DagPbLimits DEFAULT = new DagPbLimits(2 * 1024 * 1024, 65536);

    public DagPbLimits {
        if (maxBlockBytes < 0 || maxLinks < 0) {
            throw new IllegalArgumentException("limits must not be negative: " + maxBlockBytes + " bytes, " + maxLinks + " links");
        }
    }
}
