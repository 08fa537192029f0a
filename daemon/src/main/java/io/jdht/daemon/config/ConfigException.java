package io.jdht.daemon.config;

/** A config key or value that jdht cannot use; the message names the key and says what is wrong. */
public final class ConfigException extends Exception {
    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
