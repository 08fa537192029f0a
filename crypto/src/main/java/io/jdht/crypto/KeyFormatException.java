package io.jdht.crypto;

/** Key bytes that do not decode: a bad protobuf envelope, an unknown type, or a malformed key. */
public final class KeyFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public KeyFormatException(String message) {
        super(message);
    }

    public KeyFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
