package io.jdht.multiformats;

/**
 * Bytes or text that do not decode as the multiformat they claim to be: a truncated varint, an
 * unknown multibase prefix, a digest shorter than its declared length, and so on. The message says
 * which format and what was wrong, so that it can be shown to a user or logged as is.
 */
public final class InvalidMultiformatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidMultiformatException(String message) {
        super(message);
    }

    public InvalidMultiformatException(String message, Throwable cause) {
        super(message, cause);
    }
}
