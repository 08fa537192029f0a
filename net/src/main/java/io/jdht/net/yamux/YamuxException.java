package io.jdht.net.yamux;

import java.io.IOException;

/** The remote broke the yamux protocol; the session is closed with a go-away. */
public final class YamuxException extends IOException {
    private static final long serialVersionUID = 1L;

    public YamuxException(String message) {
        super(message);
    }
}
