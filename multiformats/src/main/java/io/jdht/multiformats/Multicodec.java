package io.jdht.multiformats;

import java.util.Map;
import java.util.Optional;

/**
 * The multicodec codes this project uses (from the multicodec table): hash functions for
 * multihashes, content types for CIDs, and record types.
 */
public final class Multicodec {
    public static final int IDENTITY = 0x00;
    public static final int CIDV1 = 0x01;
    public static final int SHA1 = 0x11;
    public static final int SHA2_256 = 0x12;
    public static final int SHA2_512 = 0x13;
    public static final int SHA3_512 = 0x14;
    public static final int SHA3_384 = 0x15;
    public static final int SHA3_256 = 0x16;
    public static final int SHA3_224 = 0x17;
    public static final int SHA2_384 = 0x20;
    public static final int CBOR = 0x51;
    public static final int RAW = 0x55;
    public static final int DAG_PB = 0x70;
    public static final int DAG_CBOR = 0x71;
    public static final int LIBP2P_KEY = 0x72;
    public static final int DAG_JSON = 0x0129;
    public static final int JSON = 0x0200;
    public static final int IPNS_RECORD = 0x0300;
    public static final int LIBP2P_PEER_RECORD = 0x0301;
    public static final int SHA2_224 = 0x1013;
    public static final int SHA2_512_224 = 0x1014;
    public static final int SHA2_512_256 = 0x1015;

    private static final Map<Long, String> NAMES = Map.ofEntries(
            Map.entry(0x00L, "identity"),
            Map.entry(0x01L, "cidv1"),
            Map.entry(0x11L, "sha1"),
            Map.entry(0x12L, "sha2-256"),
            Map.entry(0x13L, "sha2-512"),
            Map.entry(0x14L, "sha3-512"),
            Map.entry(0x15L, "sha3-384"),
            Map.entry(0x16L, "sha3-256"),
            Map.entry(0x17L, "sha3-224"),
            Map.entry(0x20L, "sha2-384"),
            Map.entry(0x51L, "cbor"),
            Map.entry(0x55L, "raw"),
            Map.entry(0x70L, "dag-pb"),
            Map.entry(0x71L, "dag-cbor"),
            Map.entry(0x72L, "libp2p-key"),
            Map.entry(0x0129L, "dag-json"),
            Map.entry(0x0200L, "json"),
            Map.entry(0x0300L, "ipns-record"),
            Map.entry(0x0301L, "libp2p-peer-record"),
            Map.entry(0x1013L, "sha2-224"),
            Map.entry(0x1014L, "sha2-512-224"),
            Map.entry(0x1015L, "sha2-512-256"));

    private Multicodec() {}

    /** The table's name for a code this project knows. */
    public static Optional<String> name(long code) {
        return Optional.ofNullable(NAMES.get(code));
    }

    /** The code for a name this project knows, e.g. {@code raw}. */
    public static Optional<Long> code(String name) {
        return NAMES.entrySet().stream().filter(e -> e.getValue().equals(name)).map(Map.Entry::getKey).findFirst();
    }
}
