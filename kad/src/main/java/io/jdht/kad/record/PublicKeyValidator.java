package io.jdht.kad.record;

import io.jdht.crypto.PeerId;
import io.jdht.crypto.PublicKey;
import io.jdht.multiformats.InvalidMultiformatException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * Validates {@code /pk/<binary peer id>} records, whose value is a libp2p public key protobuf: the
 * record is valid iff the peer id derived from the key (identity-inlined for small keys, sha2-256
 * for large ones) is the one in the key. Such records never expire: a key is a key.
 */
public final class PublicKeyValidator implements RecordValidator {
    private static final byte[] NAMESPACE = "/pk/".getBytes(StandardCharsets.US_ASCII);

    /** The DHT key under which a peer's public key is stored. */
    public static byte[] routingKey(PeerId peer) {
        byte[] id = peer.toBytes();
        byte[] key = Arrays.copyOf(NAMESPACE, NAMESPACE.length + id.length);
        System.arraycopy(id, 0, key, NAMESPACE.length, id.length);
        return key;
    }

    @Override
    public void validate(byte[] key, byte[] value, Instant now) throws InvalidRecordException {
        if (key.length <= NAMESPACE.length || !Arrays.equals(key, 0, NAMESPACE.length, NAMESPACE, 0, NAMESPACE.length)) {
            throw new InvalidRecordException("not a public key record key: it must be /pk/ followed by a binary peer id");
        }
        PeerId expected;
        try {
            expected = PeerId.fromBytes(Arrays.copyOfRange(key, NAMESPACE.length, key.length));
        } catch (InvalidMultiformatException e) {
            throw new InvalidRecordException("public key record key does not end in a peer id: " + e.getMessage(), e);
        }
        PublicKey publicKey;
        try {
            publicKey = PublicKey.unmarshal(value);
        } catch (IllegalArgumentException e) {
            // KeyFormatException, and also what key libraries throw for a point off the curve
            throw new InvalidRecordException("public key record value is not a public key: " + e.getMessage(), e);
        }
        if (!expected.matches(publicKey)) {
            throw new InvalidRecordException("public key record value is not the key of peer " + expected);
        }
    }

    /** Every valid value is the same key, so the first (the one already held) is as good as any. */
    @Override
    public int select(byte[] key, List<byte[]> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no values to select from");
        }
        return 0;
    }
}
