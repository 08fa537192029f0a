package io.jdht.kad;

/**
 * Why a DHT operation failed. Messages say what was asked, how far the lookup got and why it
 * stopped; the subclass says which kind of failure it was, for callers that branch on it.
 */
public abstract sealed class DhtException extends RuntimeException
        permits DhtException.NotFound, DhtException.Timeout, DhtException.NoPeers,
                DhtException.InvalidArgument, DhtException.InvalidRecord, DhtException.Closed {

    protected DhtException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The lookup ran to its end and found nothing (or a block is not held locally). */
    public static final class NotFound extends DhtException {
        public NotFound(String message) {
            super(message, null);
        }
    }

    /** The operation's deadline passed before it found anything. */
    public static final class Timeout extends DhtException {
        public Timeout(String message) {
            super(message, null);
        }
    }

    /** There was nobody to ask: the routing table is empty. */
    public static final class NoPeers extends DhtException {
        public NoPeers(String message) {
            super(message, null);
        }
    }

    /** An argument is unusable; the message names it and says why. */
    public static final class InvalidArgument extends DhtException {
        public InvalidArgument(String message) {
            super(message, null);
        }

        public InvalidArgument(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** A record was refused by its namespace's validator (or a better one is already stored). */
    public static final class InvalidRecord extends DhtException {
        public InvalidRecord(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The node was closed before the operation finished (or it was asked after). */
    public static final class Closed extends DhtException {
        public Closed(String message) {
            super(message, null);
        }
    }
}
