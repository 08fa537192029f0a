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
     * Largest single Identify frame we accept. Real messages are a few KiB (go caps its own at 8 KiB,
     * signed peer record included); 64 KiB leaves room for a peer with many addresses and protocols.
     */
    public static final int MAX_MESSAGE_SIZE = 64 * 1024;
    /** go-libp2p may split one answer into several frames; more than this is not an answer. */
    public static final int MAX_FRAMES = 4;

    private IdentifyProtocol() {}
}
