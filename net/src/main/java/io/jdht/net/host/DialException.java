package io.jdht.net.host;

import java.io.IOException;

/** A dial that failed on every address tried; the message lists each address with its reason. */
public final class DialException extends IOException {
    private static final long serialVersionUID = 1L;

    public DialException(String message) {
        super(message);
    }

    public DialException(String message, Throwable cause) {
        super(message, cause);
    }
}
