package io.jdht.net.identify;

/** Constants of identify and identify push. */
public final class IdentifyProtocol {
    /** Ask a peer who it is: it answers with one Identify message and closes. */
    public static final String ID = "/ipfs/id/1.0.0";
    /** Tell a peer what changed: we send one Identify message and close. */
    public static final String PUSH_ID = "/ipfs/id/push/1.0.0";
    /** The protocol family we claim, as go-libp2p and js-libp2p do. */
    public static final String PROTOCOL_VERSION = "ipfs/0.1.0";
    /**
     * Largest identify answer we accept, all its frames together. Real answers are small: go-libp2p
     * trims its own to 4 KiB and refuses more than 8 KiB per message (the signed peer record may come
     * in a second one), js-libp2p refuses more than 8 KiB, rust-libp2p more than 4 KiB. 32 KiB leaves
     * room for a go answer in two full frames and then some, while a peer that stuffs its message
     * is refused at the length prefix that crosses the line, before its bytes are buffered.
     */
    public static final int MAX_MESSAGE_SIZE = 32 * 1024;
    /** go-libp2p may split one answer into several frames; more than this is not an answer. */
    public static final int MAX_FRAMES = 4;
    /**
     * Protocols kept from one answer; the rest are dropped. Real peers list a few dozen. go-libp2p's
     * in-memory peer store caps them per peer as well (128 or 1024, depending on the release).
     */
    public static final int MAX_PROTOCOLS = 128;
    /**
     * Longest protocol id kept; longer ones are dropped. Multistream-select lets go and js negotiate
     * ids up to 1 KiB (rust only 140 bytes), but ids in use are under 64 characters.
     */
    public static final int MAX_PROTOCOL_LENGTH = 256;
    /** Agent and protocol versions are cut to this many characters; they are for people to read. */
    public static final int MAX_VERSION_LENGTH = 256;
    /** Listen addresses kept from one answer, as many as the peer store keeps for a peer. */
    public static final int MAX_LISTEN_ADDRS = 64;

    private IdentifyProtocol() {}
}
