package io.jdht.daemon.unixfs;

/**
 * Bytes that do not decode as the dag-pb node or UnixFS {@code Data} message they are supposed to
 * be: truncated, too large, with fields out of order, duplicated or unknown, or with values out of
 * range. The message names the message and field and says what was wrong, so it can be shown to a
 * user or logged as is.
 */
public final class MalformedNodeException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public MalformedNodeException(String message) {
        super(message);
    }

    public MalformedNodeException(String message, Throwable cause) {
        super(message, cause);
    }
}
