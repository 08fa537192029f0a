package io.jdht.cli.api;

/** The daemon answered a command with an error: its message is the daemon's {@code Message}. */
public final class ApiException extends Exception {
    private final int status;

    public ApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** The HTTP status (400 for a bad argument, 500 for a failed command, 0 if the daemon could not be reached). */
    public int status() {
        return status;
    }
}
