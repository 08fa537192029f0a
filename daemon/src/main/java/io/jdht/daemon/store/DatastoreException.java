package io.jdht.daemon.store;

import java.nio.file.Path;

/**
 * A datastore that cannot be used, with a message that says why and what to do. Opening fails
 * with {@link InUse} or {@link Unreadable} and then leaves the files exactly as they were; a write
 * that could not be saved fails with {@link WriteFailed}; using a closed datastore, {@link Closed}.
 */
public sealed class DatastoreException extends RuntimeException
        permits DatastoreException.InUse, DatastoreException.Unreadable, DatastoreException.WriteFailed,
        DatastoreException.Closed {
    DatastoreException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Another process (or another datastore in this one) has the file open. */
    public static final class InUse extends DatastoreException {
        InUse(Path file, Throwable cause) {
            super("the datastore at " + file + " is in use by another process (is a jdht daemon running on this repo?)",
                    cause);
        }
    }

    /** The file is damaged, missing or of an unknown format. Nothing was changed. */
    public static final class Unreadable extends DatastoreException {
        Unreadable(Path file, String reason, Throwable cause) {
            super("the datastore at " + file + " is unreadable: " + reason
                    + ". Nothing was changed; move the folder aside (or restore a backup) to start afresh", cause);
        }
    }

    /** A change could not be saved; the datastore takes no more changes. */
    public static final class WriteFailed extends DatastoreException {
        WriteFailed(Path file, Throwable cause) {
            super("the datastore at " + file + " could not save a change, and takes no more: " + cause, cause);
        }
    }

    /** The datastore was closed. */
    public static final class Closed extends DatastoreException {
        Closed(Path file) {
            super("the datastore at " + file + " is closed", null);
        }
    }
}
