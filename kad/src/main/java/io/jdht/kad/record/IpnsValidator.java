package io.jdht.kad.record;

import io.jdht.crypto.PeerId;
import java.time.Instant;
import java.util.List;

/**
 * Validates {@code /ipns/<binary peer id>} records: {@link IpnsRecord#parse} then
 * {@link IpnsRecord#verify} against the name in the key. Selection follows boxo: the highest
 * sequence number, then the latest EOL, then the bytewise-largest record, so that every node
 * converges on the same record; only byte-identical records tie, and those go to the lowest index.
 */
public final class IpnsValidator implements RecordValidator {
    @Override
    public void validate(byte[] key, byte[] value, Instant now) throws InvalidRecordException {
        PeerId name = IpnsRecord.nameFromRoutingKey(key);
        IpnsRecord.parse(value).verify(name, now);
    }

    /**
     * {@inheritDoc}
     *
     * <p>A value that does not parse (which a validated one always does) ranks below every other.
     */
    @Override
    public int select(byte[] key, List<byte[]> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no values to select from");
        }
        int best = 0;
        IpnsRecord bestRecord = parseOrNull(values.get(0));
        for (int i = 1; i < values.size(); i++) {
            IpnsRecord candidate = parseOrNull(values.get(i));
            if (candidate == null) {
                continue;
            }
            if (bestRecord == null || IpnsRecord.compare(candidate, bestRecord) > 0) {
                best = i;
                bestRecord = candidate;
            }
        }
        return best;
    }

    private static IpnsRecord parseOrNull(byte[] value) {
        try {
            return IpnsRecord.parse(value);
        } catch (InvalidRecordException e) {
            return null;
        }
    }
}
