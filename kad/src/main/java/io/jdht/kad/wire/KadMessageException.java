package io.jdht.kad.wire;

/** Bytes that are not a valid kad message; the stream they came on is closed. */
public final class KadMessageException extends Exception {
    public KadMessageException(String message) {
        super(message);
    }

    public KadMessageException(String message, Throwable cause) {
        super(message, cause);
    }
}
