package io.jdht.kad.record;

/** A record that its namespace's validator rejects; the message says why. */
public final class InvalidRecordException extends Exception {
    public InvalidRecordException(String message) {
        super(message);
    }

    public InvalidRecordException(String message, Throwable cause) {
        super(message, cause);
    }
}
