package io.jdht.kad.record;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.jdht.crypto.Ed25519PrivateKey;
import io.jdht.crypto.PeerId;
import io.jdht.crypto.PublicKey;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Record decoding and validation never fail with anything but their documented exception:
 * {@link InvalidRecordException} for validators and {@link IpnsRecord#parse}, {@code CborException}
 * for the CBOR reader. Anything else (another exception, a hang, a failed assertion) is a finding.
 * In the normal build these run over the seeds in
 * src/test/resources/io/jdht/kad/record/RecordFuzzTestInputs/&lt;method&gt;/ (the IPNS spec vectors,
 * their CBOR documents, the peer id spec's keys); with JAZZER_FUZZ=1 they fuzz.
 */
class RecordFuzzTest {
    private static final Instant NOW = IpnsVectorsTest.NOW;
    /** The name of the spec's valid V1+V2 vector, so that its seed takes the accepting path. */
    private static final PeerId IPNS_NAME = PeerId.parse("k51qzi5uqu5dlkw8pxuw9qmqayfdeh4kfebhmreauqdc6a7c3y7d5i9fi8mk9w");
    private static final byte[] IPNS_KEY = IpnsRecord.routingKey(IPNS_NAME);
    private static final PublicKey PK = Ed25519PrivateKey.fromSeed(new byte[32]).publicKey();
    private static final byte[] PK_KEY = PublicKeyValidator.routingKey(PeerId.fromPublicKey(PK));
    private static final NamespacedValidator NAMESPACED = NamespacedValidator.builder().build();

    @FuzzTest(maxDuration = "60s")
    void ipnsValidate(byte[] input) {
        IpnsValidator validator = new IpnsValidator();
        try {
            validator.validate(IPNS_KEY, input, NOW);
            // accepted: the record parses, keeps its bytes, and is still signed by the name
            IpnsRecord record = IpnsRecord.parse(input);
            assertThat(record.toBytes()).isEqualTo(input);
            assertThat(record.validity()).isAfter(NOW);
        } catch (InvalidRecordException expected) {
            // not a valid record for this name
        }
        assertThat(validator.select(IPNS_KEY, List.of(input, input))).isZero();
    }

    @FuzzTest(maxDuration = "60s")
    void ipnsParse(byte[] input) {
        try {
            IpnsRecord record = IpnsRecord.parse(input);
            assertThat(IpnsRecord.parse(record.toBytes())).isEqualTo(record);
            assertThat(record.ttl().isNegative()).isFalse();
            assertThat(IpnsRecord.parseRfc3339(IpnsRecord.formatRfc3339(record.validity()).getBytes(StandardCharsets.US_ASCII)))
                    .isEqualTo(record.validity());
            record.verify(IPNS_NAME, NOW);
        } catch (InvalidRecordException expected) {
            // malformed, or not signed by this name
        }
    }

    @FuzzTest(maxDuration = "60s")
    void publicKeyValidate(byte[] input) {
        try {
            new PublicKeyValidator().validate(PK_KEY, input, NOW);
            assertThat(PublicKey.unmarshal(input).marshal()).isEqualTo(PK.marshal());
        } catch (InvalidRecordException expected) {
            // not this peer's key
        }
    }

    @FuzzTest(maxDuration = "60s")
    void publicKeyKey(byte[] key) {
        try {
            new PublicKeyValidator().validate(key, PK.marshal(), NOW);
            assertThat(key).isEqualTo(PK_KEY);
        } catch (InvalidRecordException expected) {
            // not /pk/ + this key's peer id
        }
    }

    @FuzzTest(maxDuration = "60s")
    void namespacedKey(byte[] key) {
        byte[] value = IpnsRecord.create(Ed25519PrivateKey.fromSeed(new byte[32]), new byte[] {'/'}, 1,
                NOW.plusSeconds(60), Duration.ZERO, false).toBytes();
        try {
            NAMESPACED.validate(key, value, NOW);
            // only the record's own IPNS key takes it, or a key with no namespace (a small value, unchecked)
            if (NamespacedValidator.namespace(key).isPresent()) {
                assertThat(key).isEqualTo(IpnsRecord.routingKey(PeerId.fromPublicKey(
                        Ed25519PrivateKey.fromSeed(new byte[32]).publicKey())));
            } else {
                assertThat(key).isNotEmpty();
                assertThat(value.length).isLessThanOrEqualTo(NamespacedValidator.DEFAULT_UNNAMESPACED_VALUE_LIMIT);
            }
        } catch (InvalidRecordException expected) {
            // an unregistered namespace, the empty key, or a pk or ipns key the value does not fit
        }
        assertThat(NAMESPACED.select(key, List.of(value, value))).isZero();
    }

    @FuzzTest(maxDuration = "60s")
    void cborRead(byte[] input) {
        try {
            Map<String, DagCbor.Value> read = DagCbor.readMap(input);
            Map<String, Object> plain = new LinkedHashMap<>();
            for (var e : read.entrySet()) {
                switch (e.getValue()) {
                    case DagCbor.Value.Bytes b -> plain.put(e.getKey(), b.bytes());
                    case DagCbor.Value.Unsigned u -> plain.put(e.getKey(), u.value());
                    default -> { /* not writable; left out */ }
                }
            }
            // what the writer writes, the reader reads back the same
            Map<String, DagCbor.Value> again = DagCbor.readMap(DagCbor.writeMap(plain));
            assertThat(again.keySet()).containsExactlyInAnyOrderElementsOf(plain.keySet());
            for (var e : again.entrySet()) {
                assertThat(e.getValue()).usingRecursiveComparison().isEqualTo(read.get(e.getKey()));
            }
        } catch (DagCbor.CborException expected) {
            // malformed, or outside DAG-CBOR
        }
    }
}
