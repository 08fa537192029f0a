package io.jdht.kad.record;

import java.time.Instant;
import java.util.List;

/**
 * Checks and ranks the records of one key namespace (the part of a key between its first two
 * slashes: {@code /pk/…}, {@code /ipns/…}). A validator is pure: it reads nothing but its arguments.
 */
public interface RecordValidator {
    /**
     * Takes any value and keeps the first of several: for namespaces of test and benchmark records
     * (a simulation's, a benchmark's), where what is stored does not matter, only that it is.
     */
    RecordValidator ANY_FIRST_WINS = new RecordValidator() {
        @Override
        public void validate(byte[] key, byte[] value, Instant now) {}

        @Override
        public int select(byte[] key, List<byte[]> values) {
            return 0;
        }
    };

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
