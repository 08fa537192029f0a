package io.jdht.kad.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.jdht.crypto.Ed25519PrivateKey;
import io.jdht.crypto.KeyType;
import io.jdht.crypto.PeerId;
import io.jdht.crypto.PrivateKey;
import io.jdht.kad.pb.IpnsProto.IpnsEntry;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IpnsRecordTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final Instant EOL = NOW.plus(Duration.ofHours(24)).plusNanos(123_456_700);
    private static final byte[] VALUE = "/ipfs/bafkqaddwgevxmmraojswg33smq".getBytes(StandardCharsets.US_ASCII);
    private static final PrivateKey ED25519 = Ed25519PrivateKey.fromSeed(new byte[32]);
    private static final PrivateKey OTHER = Ed25519PrivateKey.fromSeed(filled(7));

    private final IpnsValidator validator = new IpnsValidator();

    private static byte[] filled(int b) {
        byte[] bytes = new byte[32];
        Arrays.fill(bytes, (byte) b);
        return bytes;
    }

    private static PeerId name(PrivateKey key) {
        return PeerId.fromPublicKey(key.publicKey());
    }

    private static byte[] key(PrivateKey key) {
        return IpnsRecord.routingKey(name(key));
    }

    @Test
    void createdV2RecordRoundTripsAndValidates() throws Exception {
        IpnsRecord record = IpnsRecord.create(ED25519, VALUE, 7, EOL, Duration.ofMinutes(5), false);
        IpnsRecord parsed = IpnsRecord.parse(record.toBytes());
        assertThat(parsed).isEqualTo(record);
        assertThat(parsed.value()).isEqualTo(VALUE);
        assertThat(parsed.sequence()).isEqualTo(7);
        assertThat(parsed.validity()).isEqualTo(EOL);
        assertThat(parsed.ttl()).isEqualTo(Duration.ofMinutes(5));
        assertThat(parsed.hasV1()).isFalse();
        // Ed25519 keys are inlined in the name, so the record does not repeat them
        assertThat(parsed.embeddedPublicKey()).isEmpty();
        validator.validate(key(ED25519), record.toBytes(), NOW);
        assertThat(IpnsRecord.nameFromRoutingKey(key(ED25519))).isEqualTo(name(ED25519));
    }

    @Test
    void createdV1RecordCarriesMatchingLegacyFields() throws Exception {
        IpnsRecord record = IpnsRecord.create(ED25519, VALUE, 3, EOL, Duration.ofSeconds(30), true);
        IpnsEntry entry = IpnsEntry.parseFrom(record.toBytes());
        assertThat(record.hasV1()).isTrue();
        assertThat(entry.getValue().toByteArray()).isEqualTo(VALUE);
        assertThat(entry.getValidity().toStringUtf8()).isEqualTo("2026-03-02T12:00:00.1234567Z");
        assertThat(entry.getSequence()).isEqualTo(3);
        assertThat(entry.getTtl()).isEqualTo(30_000_000_000L);
        byte[] v1Signed = IpnsVectorsTest.concat(VALUE, entry.getValidity().toByteArray(), "EOL".getBytes(StandardCharsets.US_ASCII));
        assertThat(ED25519.publicKey().verify(v1Signed, entry.getSignatureV1().toByteArray())).isTrue();
        validator.validate(key(ED25519), record.toBytes(), NOW);
    }

    @Test
    void rsaRecordEmbedsItsKeyAndValidates() throws Exception {
        PrivateKey rsa = PrivateKey.generate(KeyType.RSA, new SecureRandom());
        IpnsRecord record = IpnsRecord.create(rsa, VALUE, 1, EOL, Duration.ZERO, true);
        assertThat(record.embeddedPublicKey()).hasValueSatisfying(k -> assertThat(k).isEqualTo(rsa.publicKey().marshal()));
        validator.validate(key(rsa), record.toBytes(), NOW);
        // the embedded key is not the key of another name
        assertThatThrownBy(() -> validator.validate(key(ED25519), record.toBytes(), NOW))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("pubKey is not the key of name");
        // a hashed name without an embedded key cannot be verified
        byte[] stripped = IpnsEntry.parseFrom(record.toBytes()).toBuilder().clearPubKey().build().toByteArray();
        assertThatThrownBy(() -> validator.validate(key(rsa), stripped, NOW))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("does not inline its key");
    }

    @Test
    void tamperedValueFailsTheSignature() throws Exception {
        IpnsRecord record = IpnsRecord.create(ED25519, VALUE, 1, EOL, Duration.ZERO, false);
        IpnsEntry entry = IpnsEntry.parseFrom(record.toBytes());
        byte[] data = entry.getData().toByteArray();
        int at = indexOf(data, VALUE);
        data[at + VALUE.length - 1] ^= 1;
        byte[] tampered = entry.toBuilder().setData(ByteString.copyFrom(data)).build().toByteArray();
        assertThat(IpnsRecord.parse(tampered).value()).isNotEqualTo(VALUE);
        assertThatThrownBy(() -> validator.validate(key(ED25519), tampered, NOW))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("signatureV2 does not verify");
    }

    @Test
    void recordUnderAnotherNameFails() {
        IpnsRecord record = IpnsRecord.create(ED25519, VALUE, 1, EOL, Duration.ZERO, false);
        assertThatThrownBy(() -> validator.validate(key(OTHER), record.toBytes(), NOW))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("signatureV2 does not verify");
    }

    @Test
    void recordExpiresAtItsEol() throws Exception {
        IpnsRecord record = IpnsRecord.create(ED25519, VALUE, 1, EOL, Duration.ZERO, false);
        validator.validate(key(ED25519), record.toBytes(), EOL.minusNanos(1));
        assertThatThrownBy(() -> validator.validate(key(ED25519), record.toBytes(), EOL))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("expired");
        assertThatThrownBy(() -> validator.validate(key(ED25519), record.toBytes(), EOL.plusSeconds(1)))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("expired");
    }

    @Test
    void oversizedRecordsAreRefused() {
        assertThatThrownBy(() -> IpnsRecord.create(ED25519, new byte[IpnsRecord.MAX_SIZE], 1, EOL, Duration.ZERO, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("over the limit");
        // the size check comes before parsing: these bytes are not even a protobuf
        byte[] big = new byte[IpnsRecord.MAX_SIZE + 1];
        Arrays.fill(big, (byte) 0xff);
        assertThatThrownBy(() -> IpnsRecord.parse(big))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("exceeds the limit of 10240");
        // at exactly the limit a record is accepted
        IpnsRecord small = IpnsRecord.create(ED25519, new byte[0], 1, EOL, Duration.ZERO, false);
        int fill = IpnsRecord.MAX_SIZE - small.toBytes().length;
        IpnsRecord atLimit = null;
        for (int n = fill; n > fill - 8 && atLimit == null; n--) {
            try {
                atLimit = IpnsRecord.create(ED25519, new byte[n], 1, EOL, Duration.ZERO, false);
            } catch (IllegalArgumentException tooBig) {
                // the length prefixes grow with the value; try one byte less
            }
        }
        assertThat(atLimit).isNotNull();
        assertThat(atLimit.toBytes().length).isBetween(IpnsRecord.MAX_SIZE - 8, IpnsRecord.MAX_SIZE);
    }

    @Test
    void v1FieldsThatDisagreeWithTheSignedDataAreRejected() throws Exception {
        IpnsEntry entry = IpnsEntry.parseFrom(IpnsRecord.create(ED25519, VALUE, 5, EOL, Duration.ofSeconds(1), true).toBytes());
        Map<String, IpnsEntry> broken = new LinkedHashMap<>();
        broken.put("Value", entry.toBuilder().setValue(ByteString.copyFromUtf8("/ipfs/other")).build());
        broken.put("Validity", entry.toBuilder().setValidity(ByteString.copyFromUtf8("2999-01-01T00:00:00Z")).build());
        broken.put("ValidityType", entry.toBuilder().setValidityType(1).build());
        broken.put("Sequence", entry.toBuilder().setSequence(6).build());
        broken.put("TTL", entry.toBuilder().setTtl(2).build());
        // a V1 signature without the V1 copies still triggers the comparison
        broken.put("Value ", entry.toBuilder().clearValue().build());
        for (var e : broken.entrySet()) {
            assertThatThrownBy(() -> validator.validate(key(ED25519), e.getValue().toByteArray(), NOW))
                    .as(e.getKey())
                    .isInstanceOf(InvalidRecordException.class)
                    .hasMessageContaining("field " + e.getKey().trim() + " differs");
        }
        // without any V1 value or signature, the other V1 fields are not consulted
        byte[] onlyStale = entry.toBuilder().clearValue().clearSignatureV1().setSequence(99).build().toByteArray();
        validator.validate(key(ED25519), onlyStale, NOW);
    }

    @Test
    void structurallyBrokenRecordsAreRejected() throws Exception {
        IpnsEntry entry = IpnsEntry.parseFrom(IpnsRecord.create(ED25519, VALUE, 5, EOL, Duration.ofSeconds(1), false).toBytes());
        assertThatThrownBy(() -> IpnsRecord.parse(new byte[] {(byte) 0x0a, 0x05, 1}))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("not a valid IpnsEntry");
        assertThatThrownBy(() -> IpnsRecord.parse(entry.toBuilder().clearData().build().toByteArray()))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("no data");
        assertThatThrownBy(() -> IpnsRecord.parse(withData(entry, Map.of("Value", VALUE))))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("has no Validity");
        Map<String, Object> fields = new LinkedHashMap<>(Map.of(
                "Value", VALUE, "Validity", "2030-01-01T00:00:00Z".getBytes(StandardCharsets.US_ASCII),
                "ValidityType", 0L, "Sequence", 1L, "TTL", 0L));
        IpnsRecord.parse(withData(entry, fields));
        fields.put("ValidityType", 1L);
        assertThatThrownBy(() -> IpnsRecord.parse(withData(entry, fields)))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("unsupported validity type 1");
        fields.put("ValidityType", 0L);
        fields.put("Sequence", new byte[] {1});
        assertThatThrownBy(() -> IpnsRecord.parse(withData(entry, fields)))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("Sequence is not an unsigned integer");
        fields.put("Sequence", 1L);
        fields.put("Validity", "tomorrow".getBytes(StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> IpnsRecord.parse(withData(entry, fields)))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("not an RFC 3339 time");
        fields.put("Validity", "2030-01-01T00:00:00Z".getBytes(StandardCharsets.US_ASCII));
        fields.put("_extension", 42L);
        assertThat(IpnsRecord.parse(withData(entry, fields)).sequence()).isEqualTo(1);
    }

    private static byte[] withData(IpnsEntry entry, Map<String, ?> fields) {
        return entry.toBuilder().setData(ByteString.copyFrom(DagCbor.writeMap(fields))).build().toByteArray();
    }

    @Test
    void rfc3339ParsingFollowsGo() throws Exception {
        assertThat(parse("1970-01-01T00:00:00.000000001Z")).isEqualTo(Instant.ofEpochSecond(0, 1));
        assertThat(parse("2023-06-13T09:41:18.044869235Z")).isEqualTo(Instant.parse("2023-06-13T09:41:18.044869235Z"));
        assertThat(parse("2023-06-13T11:41:18+02:00")).isEqualTo(Instant.parse("2023-06-13T09:41:18Z"));
        assertThat(parse("2023-06-13T09:11:18.5-00:30")).isEqualTo(Instant.parse("2023-06-13T09:41:18.5Z"));
        for (String bad : List.of("2023-06-13T09:41Z", "2023-06-13 09:41:18Z", "2023-13-01T00:00:00Z",
                "2023-02-30T00:00:00Z", "2023-06-13T09:41:18.0000000001Z", "2023-06-13T09:41:18", "2023-06-13T09:41:18+24:00",
                "2023-06-13T25:00:00Z", "٢٠٢٣-06-13T09:41:18Z", "")) {
            assertThatThrownBy(() -> parse(bad)).as(bad).isInstanceOf(InvalidRecordException.class);
        }
        assertThatThrownBy(() -> IpnsRecord.parseRfc3339(new byte[100])).isInstanceOf(InvalidRecordException.class);
    }

    @Test
    void rfc3339FormattingIsGosRfc3339Nano() throws Exception {
        assertThat(IpnsRecord.formatRfc3339(Instant.parse("2023-06-13T09:41:18Z"))).isEqualTo("2023-06-13T09:41:18Z");
        assertThat(IpnsRecord.formatRfc3339(Instant.parse("2023-06-13T09:41:18.120Z"))).isEqualTo("2023-06-13T09:41:18.12Z");
        assertThat(IpnsRecord.formatRfc3339(Instant.ofEpochSecond(0, 1))).isEqualTo("1970-01-01T00:00:00.000000001Z");
        Instant t = Instant.parse("2123-06-13T09:41:18.044869235Z");
        assertThat(parse(IpnsRecord.formatRfc3339(t))).isEqualTo(t);
        assertThatThrownBy(() -> IpnsRecord.formatRfc3339(Instant.parse("+10000-01-01T00:00:00Z")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void createRejectsOutOfRangeArguments() {
        assertThatThrownBy(() -> IpnsRecord.create(ED25519, VALUE, 1, EOL, Duration.ofSeconds(-1), false))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> IpnsRecord.create(ED25519, VALUE, 1, EOL, Duration.ofSeconds(Long.MAX_VALUE), false))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void unsignedSequenceAndLongTtlSurvive() throws Exception {
        IpnsRecord record = IpnsRecord.create(ED25519, VALUE, -1L, EOL, Duration.ofNanos(Long.MAX_VALUE), false);
        IpnsRecord parsed = IpnsRecord.parse(record.toBytes());
        assertThat(Long.toUnsignedString(parsed.sequence())).isEqualTo("18446744073709551615");
        assertThat(parsed.ttl()).isEqualTo(Duration.ofNanos(Long.MAX_VALUE));
    }

    @Test
    void selectionPrefersSequenceThenEolThenBytes() {
        byte[] key = key(ED25519);
        byte[] seq1 = IpnsRecord.create(ED25519, VALUE, 1, EOL.plusSeconds(100), Duration.ZERO, false).toBytes();
        byte[] seq2 = IpnsRecord.create(ED25519, VALUE, 2, EOL, Duration.ZERO, false).toBytes();
        byte[] seq2Later = IpnsRecord.create(ED25519, VALUE, 2, EOL.plusNanos(1), Duration.ZERO, false).toBytes();
        // the sequence is unsigned: 2^64-1 is the highest there is
        byte[] seqMax = IpnsRecord.create(ED25519, VALUE, -1L, EOL, Duration.ZERO, false).toBytes();
        assertThat(validator.select(key, List.of(seq1, seq2))).isEqualTo(1);
        assertThat(validator.select(key, List.of(seq2, seq1))).isEqualTo(0);
        assertThat(validator.select(key, List.of(seq2, seq2Later, seq1))).isEqualTo(1);
        assertThat(validator.select(key, List.of(seq2Later, seq1, seqMax))).isEqualTo(2);
        // identical records tie, and ties go to the lowest index
        assertThat(validator.select(key, List.of(seq2, seq2.clone()))).isEqualTo(0);
        // same sequence and EOL but different bytes: the larger bytes win wherever they are
        byte[] a = IpnsRecord.create(ED25519, "/ipfs/a".getBytes(StandardCharsets.US_ASCII), 3, EOL, Duration.ZERO, false).toBytes();
        byte[] b = IpnsRecord.create(ED25519, "/ipfs/b".getBytes(StandardCharsets.US_ASCII), 3, EOL, Duration.ZERO, false).toBytes();
        int larger = Arrays.compareUnsigned(a, b) > 0 ? 0 : 1;
        assertThat(validator.select(key, List.of(a, b))).isEqualTo(larger);
        assertThat(validator.select(key, List.of(b, a))).isEqualTo(1 - larger);
        // garbage ranks below everything
        assertThat(validator.select(key, List.of(new byte[] {1, 2}, seq1))).isEqualTo(1);
        assertThat(validator.select(key, List.of(new byte[] {1, 2}))).isEqualTo(0);
        assertThatThrownBy(() -> validator.select(key, List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keysOutsideTheIpnsNamespaceAreRejected() {
        byte[] record = IpnsRecord.create(ED25519, VALUE, 1, EOL, Duration.ZERO, false).toBytes();
        for (byte[] bad : List.of("/ipns/".getBytes(StandardCharsets.US_ASCII), "/pk/x".getBytes(StandardCharsets.US_ASCII),
                IpnsVectorsTest.concat("/ipns/".getBytes(StandardCharsets.US_ASCII), new byte[] {0x12, 0x20, 1}))) {
            assertThatThrownBy(() -> validator.validate(bad, record, NOW)).isInstanceOf(InvalidRecordException.class);
        }
    }

    @Test
    void nameInliningAKeyOffTheCurveIsRejectedCleanly() {
        // found by RecordFuzzTest: the key library used to throw a plain IllegalArgumentException here;
        // now the name simply has no usable inlined key
        byte[] inlined = IpnsVectorsTest.concat(new byte[] {0x00, 0x24, 0x08, 0x01, 0x12, 0x20}, new byte[32]);
        byte[] key = IpnsVectorsTest.concat("/ipns/".getBytes(StandardCharsets.US_ASCII), inlined);
        byte[] record = IpnsRecord.create(ED25519, VALUE, 1, EOL, Duration.ZERO, false).toBytes();
        assertThatThrownBy(() -> validator.validate(key, record, NOW))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("does not inline its key");
        assertThatThrownBy(() -> new PublicKeyValidator().validate(
                        IpnsVectorsTest.concat("/pk/".getBytes(StandardCharsets.US_ASCII), inlined),
                        java.util.HexFormat.of().parseHex("08011220" + "00".repeat(32)), NOW))
                .isInstanceOf(InvalidRecordException.class);
    }

    private static Instant parse(String s) throws InvalidRecordException {
        return IpnsRecord.parseRfc3339(s.getBytes(StandardCharsets.UTF_8));
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        throw new AssertionError("not found");
    }
}
