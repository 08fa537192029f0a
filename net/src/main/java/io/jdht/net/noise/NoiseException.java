package io.jdht.net.noise;

import java.io.IOException;

/** The Noise handshake or a transport frame failed: bad MAC, bad signature, wrong peer, bad framing. */
public final class NoiseException extends IOException {
    private static final long serialVersionUID = 1L;

    public NoiseException(String message) {
        super(message);
    }

    public NoiseException(String message, Throwable cause) {
        super(message, cause);
    }
}
