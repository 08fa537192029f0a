package io.jdht.kad.record;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.jdht.crypto.PeerId;
import io.jdht.crypto.PrivateKey;
import io.jdht.crypto.PublicKey;
import io.jdht.kad.pb.IpnsProto.IpnsEntry;
import io.jdht.multiformats.InvalidMultiformatException;
import io.jdht.multiformats.Multicodec;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed IPNS record (specs/ipfs/ipns-record.md): the protobuf {@code IpnsEntry} whose signed
 * content is the DAG-CBOR document in its {@code data} field. The accessors read that signed
 * document, never the legacy V1 protobuf copies.
 *
 * <p>{@link #parse} checks only structure (size, protobuf, CBOR, the five mandatory fields, an EOL
 * validity that is a valid RFC 3339 time); {@link #verify} checks the signature, the V1 copies
 * and expiry against a name. A record is a value: equal iff its bytes are equal.
 */
public final class IpnsRecord {
    /** The spec's size limit for a serialized record: larger ones are refused, not truncated. */
    public static final int MAX_SIZE = 10 * 1024;

    /** The only validity type there is: {@code Validity} is an end of life. */
    public static final long VALIDITY_TYPE_EOL = 0;

    private static final byte[] NAMESPACE = "/ipns/".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SIGNATURE_V2_PREFIX = "ipns-signature:".getBytes(StandardCharsets.US_ASCII);
    /**
     * What legacy software appends to the V1 signed bytes: Go prints the enum constant's name and
     * js-ipns its string value, both "EOL" (the spec's "string(validityType)").
     */
    private static final byte[] V1_VALIDITY_TYPE_EOL = "EOL".getBytes(StandardCharsets.US_ASCII);

    private static final String KEY_VALUE = "Value";
    private static final String KEY_VALIDITY = "Validity";
    private static final String KEY_VALIDITY_TYPE = "ValidityType";
    private static final String KEY_SEQUENCE = "Sequence";
    private static final String KEY_TTL = "TTL";

    /** Longer than any RFC 3339 time with nanoseconds and an offset; bounds the regex's input. */
    private static final int MAX_VALIDITY_LENGTH = 64;
    private static final Pattern RFC3339 = Pattern.compile(
            "(\\d{4})-(\\d{2})-(\\d{2})T(\\d{2}):(\\d{2}):(\\d{2})(?:\\.(\\d{1,9}))?(Z|[+-](\\d{2}):(\\d{2}))");

    private final byte[] bytes;
    private final IpnsEntry entry;
    private final byte[] value;
    private final byte[] validityText;
    private final Instant validity;
    private final long sequence;
    private final long ttlNanos;

    private IpnsRecord(byte[] bytes, IpnsEntry entry, byte[] value, byte[] validityText, Instant validity, long sequence, long ttlNanos) {
        this.bytes = bytes;
        this.entry = entry;
        this.value = value;
        this.validityText = validityText;
        this.validity = validity;
        this.sequence = sequence;
        this.ttlNanos = ttlNanos;
    }

    /**
     * Reads a serialized record and checks its structure, not its signature.
     *
     * @throws InvalidRecordException if it is over {@link #MAX_SIZE}, not an {@code IpnsEntry},
     *     lacks {@code signatureV2} or {@code data}, or its data lacks a well-typed mandatory field
     */
    public static IpnsRecord parse(byte[] bytes) throws InvalidRecordException {
        // Size first, before the protobuf parser allocates anything (verification step 1).
        if (bytes.length > MAX_SIZE) {
            throw new InvalidRecordException("IPNS record of " + bytes.length + " bytes exceeds the limit of " + MAX_SIZE);
        }
        IpnsEntry entry;
        try {
            entry = IpnsEntry.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new InvalidRecordException("IPNS record is not a valid IpnsEntry protobuf: " + e.getMessage(), e);
        }
        if (entry.getSignatureV2().isEmpty()) {
            throw new InvalidRecordException("IPNS record has no signatureV2 (V1-only records are no longer accepted)");
        }
        if (entry.getData().isEmpty()) {
            throw new InvalidRecordException("IPNS record has no data");
        }
        Map<String, DagCbor.Value> data;
        try {
            data = DagCbor.readMap(entry.getData().toByteArray());
        } catch (DagCbor.CborException e) {
            throw new InvalidRecordException("IPNS record data is not valid DAG-CBOR: " + e.getMessage(), e);
        }
        byte[] value = bytesField(data, KEY_VALUE);
        byte[] validityText = bytesField(data, KEY_VALIDITY);
        long validityType = unsignedField(data, KEY_VALIDITY_TYPE);
        long sequence = unsignedField(data, KEY_SEQUENCE);
        long ttl = unsignedField(data, KEY_TTL);
        if (validityType != VALIDITY_TYPE_EOL) {
            throw new InvalidRecordException("IPNS record has unsupported validity type " + Long.toUnsignedString(validityType));
        }
        Instant validity = parseRfc3339(validityText);
        return new IpnsRecord(bytes.clone(), entry, value, validityText, validity, sequence, ttl);
    }

    /**
     * Signs a new record. The V2 signature and data are always present; {@code withV1} adds the
     * legacy protobuf copies and V1 signature for old resolvers. The public key is embedded only
     * when it cannot be read back from the name (keys whose peer id is a hash, such as RSA).
     *
     * @param sequence unsigned 64-bit
     * @param eol the end of life, between years 0 and 9999
     * @param ttl a non-negative caching hint, at most 2<sup>63</sup>-1 ns
     * @throws IllegalArgumentException if a parameter is out of range or the record would exceed
     *     {@link #MAX_SIZE}
     */
    public static IpnsRecord create(PrivateKey key, byte[] value, long sequence, Instant eol, Duration ttl, boolean withV1) {
        if (ttl.isNegative()) {
            throw new IllegalArgumentException("TTL is negative: " + ttl);
        }
        long ttlNanos;
        try {
            ttlNanos = ttl.toNanos();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("TTL is too long: " + ttl, e);
        }
        byte[] validityText = formatRfc3339(eol).getBytes(StandardCharsets.US_ASCII);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put(KEY_VALUE, value.clone());
        fields.put(KEY_VALIDITY, validityText);
        fields.put(KEY_VALIDITY_TYPE, VALIDITY_TYPE_EOL);
        fields.put(KEY_SEQUENCE, sequence);
        fields.put(KEY_TTL, ttlNanos);
        byte[] data = DagCbor.writeMap(fields);

        PublicKey publicKey = key.publicKey();
        IpnsEntry.Builder builder = IpnsEntry.newBuilder()
                .setSignatureV2(ByteString.copyFrom(key.sign(concat(SIGNATURE_V2_PREFIX, data))))
                .setData(ByteString.copyFrom(data));
        if (PeerId.fromPublicKey(publicKey).multihash().code() != Multicodec.IDENTITY) {
            builder.setPubKey(ByteString.copyFrom(publicKey.marshal()));
        }
        if (withV1) {
            builder.setValue(ByteString.copyFrom(value))
                    .setValidity(ByteString.copyFrom(validityText))
                    .setValidityType(VALIDITY_TYPE_EOL)
                    .setSequence(sequence)
                    .setTtl(ttlNanos)
                    .setSignatureV1(ByteString.copyFrom(key.sign(concat(value, validityText, V1_VALIDITY_TYPE_EOL))));
        }
        byte[] bytes = builder.build().toByteArray();
        if (bytes.length > MAX_SIZE) {
            throw new IllegalArgumentException("IPNS record would be " + bytes.length + " bytes, over the limit of " + MAX_SIZE);
        }
        try {
            return parse(bytes);
        } catch (InvalidRecordException e) {
            throw new IllegalStateException("a record this class created does not parse", e);
        }
    }

    /** The DHT key of a name's records: {@code /ipns/} followed by the binary peer id. */
    public static byte[] routingKey(PeerId name) {
        return concat(NAMESPACE, name.toBytes());
    }

    /**
     * The name a routing key is for.
     *
     * @throws InvalidRecordException if the key is not {@code /ipns/} followed by a peer id
     */
    public static PeerId nameFromRoutingKey(byte[] key) throws InvalidRecordException {
        if (key.length <= NAMESPACE.length || !Arrays.equals(key, 0, NAMESPACE.length, NAMESPACE, 0, NAMESPACE.length)) {
            throw new InvalidRecordException("not an IPNS key: it must be /ipns/ followed by a binary peer id");
        }
        try {
            return PeerId.fromBytes(Arrays.copyOfRange(key, NAMESPACE.length, key.length));
        } catch (InvalidMultiformatException e) {
            throw new InvalidRecordException("IPNS key does not end in a peer id: " + e.getMessage(), e);
        }
    }

    /**
     * Verifies the record as the spec's "Record Verification" does, given the name it was found
     * under: the signer's key (embedded or inlined in the name) must be the name's, signatureV2
     * must verify over {@code "ipns-signature:" + data}, legacy V1 copies (if any) must equal the
     * signed ones, and the EOL must be after {@code now}. The V1 signature is never checked.
     *
     * @throws InvalidRecordException naming the first check that failed
     */
    public void verify(PeerId name, Instant now) throws InvalidRecordException {
        PublicKey publicKey = publicKeyFor(name);
        if (!publicKey.verify(concat(SIGNATURE_V2_PREFIX, entry.getData().toByteArray()), entry.getSignatureV2().toByteArray())) {
            throw new InvalidRecordException("IPNS record signatureV2 does not verify");
        }
        // As boxo does: the copies are compared when any V1 content is there, each against its
        // default if absent, so a V1 reader can never be shown a value the signer did not sign.
        if (!entry.getSignatureV1().isEmpty() || !entry.getValue().isEmpty()) {
            requireV1Match(KEY_VALUE, Arrays.equals(entry.getValue().toByteArray(), value));
            requireV1Match(KEY_VALIDITY, Arrays.equals(entry.getValidity().toByteArray(), validityText));
            requireV1Match(KEY_VALIDITY_TYPE, entry.getValidityType() == VALIDITY_TYPE_EOL);
            requireV1Match(KEY_SEQUENCE, entry.getSequence() == sequence);
            requireV1Match(KEY_TTL, entry.getTtl() == ttlNanos);
        }
        if (!now.isBefore(validity)) {
            throw new InvalidRecordException("IPNS record expired at " + validity + " (now " + now + ")");
        }
    }

    private PublicKey publicKeyFor(PeerId name) throws InvalidRecordException {
        if (!entry.getPubKey().isEmpty()) {
            PublicKey embedded;
            try {
                embedded = PublicKey.unmarshal(entry.getPubKey().toByteArray());
            } catch (IllegalArgumentException e) {
                // KeyFormatException, and also what key libraries throw for a point off the curve
                throw new InvalidRecordException("IPNS record pubKey does not decode: " + e.getMessage(), e);
            }
            if (!name.matches(embedded)) {
                throw new InvalidRecordException("IPNS record pubKey is not the key of name " + name);
            }
            return embedded;
        }
        Optional<PublicKey> inlined;
        try {
            inlined = name.extractPublicKey();
        } catch (IllegalArgumentException e) {
            // extractPublicKey reports undecodable keys as empty, but an Ed25519 point off the
            // curve surfaces as a plain IllegalArgumentException from the key library
            throw new InvalidRecordException("IPNS name " + name + " inlines a malformed key: " + e.getMessage(), e);
        }
        return inlined.orElseThrow(() -> new InvalidRecordException(
                "IPNS record has no pubKey and name " + name + " does not inline its key"));
    }

    private static void requireV1Match(String field, boolean matches) throws InvalidRecordException {
        if (!matches) {
            throw new InvalidRecordException("IPNS record field " + field + " differs between the V1 protobuf and the signed data");
        }
    }

    /** The serialized record. */
    public byte[] toBytes() {
        return bytes.clone();
    }

    /** The signed value: a content path such as {@code /ipfs/bafy…}. */
    public byte[] value() {
        return value.clone();
    }

    /** The signed sequence number, an unsigned 64-bit value (compare with {@link Long#compareUnsigned}). */
    public long sequence() {
        return sequence;
    }

    /** The signed end of life. */
    public Instant validity() {
        return validity;
    }

    /** The signed caching hint. */
    public Duration ttl() {
        // Unsigned nanoseconds may exceed Long.MAX_VALUE, so split before converting.
        return Duration.ofSeconds(Long.divideUnsigned(ttlNanos, 1_000_000_000L), Long.remainderUnsigned(ttlNanos, 1_000_000_000L));
    }

    /** Whether the record carries legacy V1 content (a V1 value or signature). */
    public boolean hasV1() {
        return !entry.getSignatureV1().isEmpty() || !entry.getValue().isEmpty();
    }

    /** The public key bytes embedded in the record, if any (not checked by {@link #parse}). */
    public Optional<byte[]> embeddedPublicKey() {
        return entry.getPubKey().isEmpty() ? Optional.empty() : Optional.of(entry.getPubKey().toByteArray());
    }

    /**
     * Orders records as boxo does: higher sequence, then later EOL, then the larger serialized
     * bytes, so every node picks the same record from the same set. Zero only for equal bytes.
     */
    static int compare(IpnsRecord a, IpnsRecord b) {
        int c = Long.compareUnsigned(a.sequence, b.sequence);
        if (c == 0) {
            c = a.validity.compareTo(b.validity);
        }
        if (c == 0) {
            c = Arrays.compareUnsigned(a.bytes, b.bytes);
        }
        return c;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IpnsRecord other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "IpnsRecord[sequence=" + Long.toUnsignedString(sequence) + ", validity=" + validity + ", value="
                + printable(value) + "]";
    }

    private static String printable(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0x20 || b > 0x7e) {
                return "0x" + HexFormat.of().formatHex(bytes);
            }
        }
        return new String(bytes, StandardCharsets.US_ASCII);
    }

    private static byte[] bytesField(Map<String, DagCbor.Value> data, String key) throws InvalidRecordException {
        return switch (data.get(key)) {
            case DagCbor.Value.Bytes b -> b.bytes();
            case null -> throw new InvalidRecordException("IPNS record data has no " + key);
            default -> throw new InvalidRecordException("IPNS record data " + key + " is not a byte string");
        };
    }

    private static long unsignedField(Map<String, DagCbor.Value> data, String key) throws InvalidRecordException {
        return switch (data.get(key)) {
            case DagCbor.Value.Unsigned u -> u.value();
            case null -> throw new InvalidRecordException("IPNS record data has no " + key);
            default -> throw new InvalidRecordException("IPNS record data " + key + " is not an unsigned integer");
        };
    }

    /** RFC 3339 as Go's time.RFC3339Nano reads it: 'T', seconds required, up to nine fraction digits. */
    static Instant parseRfc3339(byte[] text) throws InvalidRecordException {
        if (text.length > MAX_VALIDITY_LENGTH) {
            throw new InvalidRecordException("IPNS validity is " + text.length + " bytes, too long for an RFC 3339 time");
        }
        String s = new String(text, StandardCharsets.ISO_8859_1);
        Matcher m = RFC3339.matcher(s);
        if (!m.matches()) {
            throw new InvalidRecordException("IPNS validity '" + printable(text) + "' is not an RFC 3339 time");
        }
        try {
            String fraction = m.group(7) == null ? "" : m.group(7);
            int nanos = fraction.isEmpty() ? 0 : Integer.parseInt((fraction + "00000000").substring(0, 9));
            LocalDateTime local = LocalDateTime.of(
                    Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
                    Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)), Integer.parseInt(m.group(6)), nanos);
            ZoneOffset offset = m.group(8).equals("Z")
                    ? ZoneOffset.UTC
                    : ZoneOffset.ofHoursMinutesSeconds(
                            sign(m.group(8)) * Integer.parseInt(m.group(9)), sign(m.group(8)) * Integer.parseInt(m.group(10)), 0);
            return local.toInstant(offset);
        } catch (DateTimeException e) {
            throw new InvalidRecordException("IPNS validity '" + s + "' is not a valid time: " + e.getMessage(), e);
        }
    }

    private static int sign(String offset) {
        return offset.charAt(0) == '-' ? -1 : 1;
    }

    /** UTC, fraction without trailing zeros (omitted if zero), as Go's RFC3339Nano writes it. */
    static String formatRfc3339(Instant instant) {
        LocalDateTime t;
        try {
            t = LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("EOL " + instant + " is out of range", e);
        }
        if (t.getYear() < 0 || t.getYear() > 9999) {
            throw new IllegalArgumentException("EOL " + instant + " is outside years 0000-9999");
        }
        StringBuilder sb = new StringBuilder(String.format("%04d-%02d-%02dT%02d:%02d:%02d",
                t.getYear(), t.getMonthValue(), t.getDayOfMonth(), t.getHour(), t.getMinute(), t.getSecond()));
        if (t.getNano() != 0) {
            String fraction = String.format("%09d", t.getNano());
            int end = fraction.length();
            while (fraction.charAt(end - 1) == '0') {
                end--;
            }
            sb.append('.').append(fraction, 0, end);
        }
        return sb.append('Z').toString();
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] p : parts) {
            length += p.length;
        }
        byte[] out = new byte[length];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
