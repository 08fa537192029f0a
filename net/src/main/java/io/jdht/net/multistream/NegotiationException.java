package io.jdht.net.multistream;

import java.io.IOException;

/** Multistream-select did not agree on a protocol: none in common, garbage, oversize, or timeout. */
public class NegotiationException extends IOException {
    private static final long serialVersionUID = 1L;

    public NegotiationException(String message) {
        super(message);
    }
}
