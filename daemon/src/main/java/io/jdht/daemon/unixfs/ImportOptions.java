package io.jdht.daemon.unixfs;

/**
 * How {@link UnixFsImporter} cuts a file and shapes its DAG. The defaults are Kubo's:
 * {@link #KUBO_DEFAULT} is {@code ipfs add}, {@link #KUBO_CID_V1} is {@code ipfs add --cid-version=1}.
 * Hashes are always sha2-256, the hash Kubo uses unless told otherwise.
 *
 * @param cidVersion 0 (every dag-pb block named by a CIDv0) or 1 (CIDv1 for every block)
 * @param rawLeaves whether leaves are bare chunks (codec {@code raw}, always CIDv1) rather than
 *     dag-pb nodes holding a UnixFS file of one chunk
 * @param chunkSize bytes per chunk, 1 to {@link #MAX_CHUNK_SIZE}; every chunk but the last is full
 * @param maxLinks the most links an inner node may have, 2 to {@link #MAX_LINKS}
 */
public record ImportOptions(int cidVersion, boolean rawLeaves, int chunkSize, int maxLinks) {
    /** Kubo's default chunk size (its chunker {@code size-262144}). */
    public static final int DEFAULT_CHUNK_SIZE = 262_144;
    /** Kubo's default width of the balanced layout. */
    public static final int DEFAULT_MAX_LINKS = 174;
    /** The largest chunk Kubo's chunker accepts (1 MiB). */
    public static final int MAX_CHUNK_SIZE = 1024 * 1024;
    /**
     * An inner node holds about 62 bytes per link at most (a CIDv1 link and its blocksize), so this
     * many links keep it near 500 KiB, well inside the 1 MiB a block may have.
     */
    public static final int MAX_LINKS = 8192;

    /** {@code ipfs add}: CIDv0, dag-pb leaves, 256 KiB chunks, 174 links a node. */
    public static final ImportOptions KUBO_DEFAULT = new ImportOptions(0, false, DEFAULT_CHUNK_SIZE, DEFAULT_MAX_LINKS);

    /** {@code ipfs add --cid-version=1}: CIDv1 and, as Kubo implies with it, raw leaves. */
    public static final ImportOptions KUBO_CID_V1 = new ImportOptions(1, true, DEFAULT_CHUNK_SIZE, DEFAULT_MAX_LINKS);

    public ImportOptions {
        if (cidVersion != 0 && cidVersion != 1) {
            throw new IllegalArgumentException("CID version must be 0 or 1, not " + cidVersion);
        }
        if (chunkSize < 1 || chunkSize > MAX_CHUNK_SIZE) {
            throw new IllegalArgumentException("chunk size must be 1 to " + MAX_CHUNK_SIZE + " bytes, not " + chunkSize);
        }
        if (maxLinks < 2 || maxLinks > MAX_LINKS) {
            // one link a node would never narrow the tree
            throw new IllegalArgumentException("links per node must be 2 to " + MAX_LINKS + ", not " + maxLinks);
        }
    }

    /** Kubo's options for a CID version: raw leaves come with version 1 unless overridden. */
    public static ImportOptions forCidVersion(int cidVersion) {
        return cidVersion == 1 ? KUBO_CID_V1 : KUBO_DEFAULT.withCidVersion(cidVersion);
    }

    /** The CID version alone; the leaf format stays as it is (see {@link #forCidVersion(int)}). */
    public ImportOptions withCidVersion(int version) {
        return new ImportOptions(version, rawLeaves, chunkSize, maxLinks);
    }

    /** Kubo's {@code --raw-leaves=…}: overrides what the CID version implies. */
    public ImportOptions withRawLeaves(boolean raw) {
        return new ImportOptions(cidVersion, raw, chunkSize, maxLinks);
    }

    /** Kubo's {@code --chunker=size-N}. */
    public ImportOptions withChunkSize(int bytes) {
        return new ImportOptions(cidVersion, rawLeaves, bytes, maxLinks);
    }

    /** Kubo's {@code --max-file-links=N}. */
    public ImportOptions withMaxLinks(int links) {
        return new ImportOptions(cidVersion, rawLeaves, chunkSize, links);
    }
}
