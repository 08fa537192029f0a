package io.jdht.daemon.http;

import java.util.Objects;

/**
 * A positional argument of a command ({@code arg=} query parameters, in order), or a file
 * argument (a part of a {@code multipart/form-data} body). The name is what Kubo's messages use:
 * {@code argument "peerID" is required}.
 */
public record ArgumentSpec(String name, Kind kind, boolean required, boolean variadic) {
    /** Where the argument's value comes from. */
    public enum Kind {
        /** An {@code arg=} query parameter. */
        STRING,
        /** A part of a multipart body. */
        FILE
    }

    public ArgumentSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("empty argument name");
        }
    }
}
