package io.jdht.daemon.unixfs;

/**
 * A UnixFS modification time: seconds since the Unix epoch (negative before it) and a fraction in
 * nanoseconds.
 *
 * <p>On the wire a fraction of zero is written by leaving the field out; the UnixFS spec calls a
 * present zero malformed. Here zero simply means "no fraction" in both directions.
 *
 * @param seconds seconds since 1970-01-01T00:00:00Z
 * @param nanos the fraction, 0 to 999,999,999
 */
public record UnixFsTime(long seconds, int nanos) {
    public UnixFsTime {
        if (nanos < 0 || nanos > 999_999_999) {
            throw new IllegalArgumentException("UnixFS mtime nanoseconds must be 0 to 999999999, not " + nanos);
        }
    }
}
