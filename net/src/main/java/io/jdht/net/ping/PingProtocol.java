package io.jdht.net.ping;

/** Constants of {@code /ipfs/ping/1.0.0}. */
public final class PingProtocol {
    /** The protocol id negotiated with multistream-select. */
    public static final String ID = "/ipfs/ping/1.0.0";
    /** Every ping is exactly this many random bytes, echoed back unchanged. */
    public static final int PAYLOAD_SIZE = 32;

    private PingProtocol() {}
}
