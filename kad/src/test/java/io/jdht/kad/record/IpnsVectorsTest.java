package io.jdht.kad.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdht.crypto.PeerId;
import io.jdht.kad.pb.IpnsProto.IpnsEntry;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The test vectors of the IPNS record spec ("Test Vectors"), copied into
 * {@code src/test/resources/vectors/ipns} (sources in the SOURCES.md there). Each file is
 * named {@code <name>_<kind>.ipns-record}; the record is looked up under {@code /ipns/} + the
 * binary form of that name. The records are valid for 100 years, so {@link #NOW} is well inside.
 */
class IpnsVectorsTest {
    static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private final IpnsValidator validator = new IpnsValidator();

    /** A vector: its name's routing key and the record bytes. */
    record Vector(PeerId name, byte[] key, byte[] record) {}

    static Vector vector(String kind) throws IOException {
        Path dir = vectorDir();
        try (var files = Files.list(dir)) {
            Path file = files.filter(p -> p.getFileName().toString().endsWith("_" + kind + ".ipns-record"))
                    .findFirst()
                    .orElseThrow(() -> new IOException("no vector " + kind + " in " + dir));
            String fileName = file.getFileName().toString();
            PeerId name = PeerId.parse(fileName.substring(0, fileName.indexOf('_')));
            return new Vector(name, IpnsRecord.routingKey(name), Files.readAllBytes(file));
        }
    }

    private static Path vectorDir() throws IOException {
        URL url = IpnsVectorsTest.class.getResource("/vectors/ipns");
        if (url == null) {
            throw new IOException("the IPNS vectors are missing from the test classpath (/vectors/ipns)");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
    }

    @Test
    void v1OnlyIsRejectedBecauseV2IsRequired() throws IOException {
        Vector v = vector("v1");
        assertThatThrownBy(() -> validator.validate(v.key(), v.record(), NOW))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("no signatureV2");
    }

    @Test
    void v1AndV2IsValid() throws Exception {
        Vector v = vector("v1-v2");
        validator.validate(v.key(), v.record(), NOW);
        IpnsRecord record = IpnsRecord.parse(v.record());
        assertThat(new String(record.value(), StandardCharsets.US_ASCII)).isEqualTo("/ipfs/bafkqaddwgevxmmraojswg33smq");
        assertThat(record.hasV1()).isTrue();
        assertThat(record.validity()).isAfter(NOW.plusSeconds(50L * 365 * 24 * 3600));
    }

    @Test
    void v1SignatureIsOverValueValidityAndTheWordEol() throws Exception {
        // Proves what "string(validityType)" means, which IpnsRecord.create relies on: the V1
        // signature of this vector is valid and signs value + validity + "EOL".
        Vector v = vector("v1-v2");
        IpnsEntry entry = IpnsEntry.parseFrom(v.record());
        byte[] signed = concat(entry.getValue().toByteArray(), entry.getValidity().toByteArray(),
                "EOL".getBytes(StandardCharsets.US_ASCII));
        var publicKey = v.name().extractPublicKey().orElseThrow();
        assertThat(publicKey.verify(signed, entry.getSignatureV1().toByteArray())).isTrue();
        byte[] withDigit = concat(entry.getValue().toByteArray(), entry.getValidity().toByteArray(),
                "0".getBytes(StandardCharsets.US_ASCII));
        assertThat(publicKey.verify(withDigit, entry.getSignatureV1().toByteArray())).isFalse();
    }

    @Test
    void v1ValueDifferentFromSignedValueIsRejected() throws IOException {
        Vector v = vector("v1-v2-broken-v1-value");
        assertThatThrownBy(() -> validator.validate(v.key(), v.record(), NOW))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("Value differs");
    }

    @Test
    void brokenSignatureV2IsRejected() throws IOException {
        Vector v = vector("v1-v2-broken-signature-v2");
        assertThatThrownBy(() -> validator.validate(v.key(), v.record(), NOW))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("signatureV2 does not verify");
    }

    @Test
    void brokenSignatureV1IsIgnored() throws Exception {
        Vector v = vector("v1-v2-broken-signature-v1");
        validator.validate(v.key(), v.record(), NOW);
        assertThat(new String(IpnsRecord.parse(v.record()).value(), StandardCharsets.US_ASCII))
                .isEqualTo("/ipfs/bafkqahtwgevxmmrao5uxi2bamjzg623fnyqhg2lhnzqxi5lsmuqhmmi");
    }

    @Test
    void v2OnlyIsValid() throws Exception {
        Vector v = vector("v2");
        validator.validate(v.key(), v.record(), NOW);
        IpnsRecord record = IpnsRecord.parse(v.record());
        assertThat(record.hasV1()).isFalse();
        assertThat(record.embeddedPublicKey()).isEmpty();
        assertThat(record.toBytes()).isEqualTo(v.record());
    }

    @Test
    void validVectorsExpireAtTheirEol() throws Exception {
        for (String kind : new String[] {"v1-v2", "v1-v2-broken-signature-v1", "v2"}) {
            Vector v = vector(kind);
            Instant eol = IpnsRecord.parse(v.record()).validity();
            validator.validate(v.key(), v.record(), eol.minusNanos(1));
            assertThatThrownBy(() -> validator.validate(v.key(), v.record(), eol))
                    .isInstanceOf(InvalidRecordException.class)
                    .hasMessageContaining("expired");
        }
    }

    @Test
    void vectorIsRejectedUnderAnotherName() throws IOException {
        Vector v = vector("v2");
        Vector other = vector("v1-v2");
        assertThatThrownBy(() -> validator.validate(other.key(), v.record(), NOW))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("signatureV2 does not verify");
    }

    @Test
    void ourCborWriterReproducesTheSignedDataByteForByte() throws Exception {
        // The writer's canonical key order and minimal heads match what go/js publishers sign.
        for (String kind : new String[] {"v1-v2", "v2"}) {
            byte[] data = IpnsEntry.parseFrom(vector(kind).record()).getData().toByteArray();
            Map<String, DagCbor.Value> read = DagCbor.readMap(data);
            Map<String, Object> plain = new LinkedHashMap<>();
            read.forEach((k, value) -> plain.put(k, switch (value) {
                case DagCbor.Value.Bytes b -> b.bytes();
                case DagCbor.Value.Unsigned u -> u.value();
                default -> throw new AssertionError("unexpected " + value);
            }));
            assertThat(plain).containsOnlyKeys("Value", "Validity", "ValidityType", "Sequence", "TTL");
            assertThat(DagCbor.writeMap(plain)).isEqualTo(data);
        }
    }

    static byte[] concat(byte[]... parts) {
        var out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
