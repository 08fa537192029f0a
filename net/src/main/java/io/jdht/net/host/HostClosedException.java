package io.jdht.net.host;

import java.io.IOException;

/** An operation was asked of a host that is shutting down or already shut down. */
public final class HostClosedException extends IOException {
    private static final long serialVersionUID = 1L;

    public HostClosedException() {
        super("the host is closed");
    }
}
