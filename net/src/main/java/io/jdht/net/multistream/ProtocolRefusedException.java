package io.jdht.net.multistream;

/**
 * The remote answered {@code na} to the last protocol we proposed: it does not speak it (any more).
 * Callers use it to correct what they believe the peer supports, which an ordinary I/O failure
 * would not justify.
 */
public final class ProtocolRefusedException extends NegotiationException {
    private static final long serialVersionUID = 1L;
    private final String protocol;

    public ProtocolRefusedException(String protocol, String message) {
        super(message);
        this.protocol = protocol;
    }

    /** The protocol the remote refused. */
    public String protocol() {
        return protocol;
    }
}
