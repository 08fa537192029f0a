package io.jdht.kad.record;

import java.time.Instant;
import java.util.List;

/**
 * Checks and ranks the records of one key namespace (the part of a key between its first two
 * slashes: {@code /pk/…}, {@code /ipns/…}). A validator is pure: it reads nothing but its arguments.
 */
public interface RecordValidator {
    /**
     * Accepts a record or says why not.
     *
     * @param key the full record key, namespace included
     * @param now the time against which expiry is judged
     * @throws InvalidRecordException naming what is wrong with the record
     */
    void validate(byte[] key, byte[] value, Instant now) throws InvalidRecordException;

    /**
     * The index of the best of several values for one key; every value has passed
     * {@link #validate}. Ties go to the lowest index, so the caller can put the value it already
     * holds first and keep it unless a better one arrives.
     *
     * @throws IllegalArgumentException if {@code values} is empty
     */
    int select(byte[] key, List<byte[]> values);
}
