package io.jdht.daemon.unixfs;

import io.jdht.multiformats.Cid;
import io.jdht.multiformats.Multicodec;
import io.jdht.multiformats.Multihash;

/**
 * The empty UnixFS directory, what Kubo's {@code ipfs object new unixfs-dir} makes and every new
 * directory starts from: a dag-pb node with no links whose data is a UnixFS Data of type Directory
 * and nothing else. Its CIDv0 is {@code QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn}.
 */
public final class EmptyDirectory {
    private EmptyDirectory() {}

    /** The block's bytes (four of them: {@code 0a 02 08 01}). */
    public static byte[] block() {
        return PbNode.ofData(UnixFsData.directory().encode()).encode();
    }

    /** Its CID of version 0 (as {@code object new} prints) or 1. */
    public static Cid cid(int cidVersion) {
        Multihash hash = Multihash.sha2_256(block());
        return switch (cidVersion) {
            case 0 -> Cid.v0(hash);
            case 1 -> Cid.v1(Multicodec.DAG_PB, hash);
            default -> throw new IllegalArgumentException("CID version must be 0 or 1, not " + cidVersion);
        };
    }
}
