package io.jdht.daemon.config;

/** The shape of a config value, which decides how {@code jdht config KEY VALUE} reads a value. */
public enum FieldKind {
    STRING,
    BOOLEAN,
    /** A positive whole number. */
    POSITIVE_INT,
    /** A Go duration string ({@code 22h}, {@code 30s}). */
    DURATION,
    /** One of a fixed set of strings. */
    CHOICE,
    MULTIADDR,
    MULTIADDR_LIST,
    STRING_LIST
}
