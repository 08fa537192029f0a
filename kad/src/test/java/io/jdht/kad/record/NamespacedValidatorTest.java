package io.jdht.kad.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdht.crypto.Ed25519PrivateKey;
import io.jdht.crypto.PeerId;
import io.jdht.crypto.PublicKey;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NamespacedValidatorTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Accepts values equal to "ok"; selects the longest value. */
    private static final class TestValidator implements RecordValidator {
        final List<String> seen = new ArrayList<>();

        @Override
        public void validate(byte[] key, byte[] value, Instant now) throws InvalidRecordException {
            seen.add(new String(key, StandardCharsets.UTF_8));
            if (!new String(value, StandardCharsets.UTF_8).startsWith("ok")) {
                throw new InvalidRecordException("not ok");
            }
        }

        @Override
        public int select(byte[] key, List<byte[]> values) {
            int best = 0;
            for (int i = 1; i < values.size(); i++) {
                if (values.get(i).length > values.get(best).length) {
                    best = i;
                }
            }
            return best;
        }
    }

    @Test
    void namespaceIsTheTextBetweenTheFirstTwoSlashes() {
        assertThat(NamespacedValidator.namespace(b("/pk/x"))).contains("pk");
        assertThat(NamespacedValidator.namespace(b("/ipns/a/b"))).contains("ipns");
        assertThat(NamespacedValidator.namespace(new byte[] {'/', 't', '/', (byte) 0xff})).contains("t");
        for (String none : List.of("", "/", "//x", "/pk", "/pk/", "pk/x", "x/pk/y")) {
            assertThat(NamespacedValidator.namespace(b(none))).as(none).isEmpty();
        }
        assertThat(NamespacedValidator.namespace(new byte[] {'/', (byte) 0xff, '/', 'x'})).isEmpty();
    }

    @Test
    void dispatchesToTheRegisteredValidator() throws Exception {
        TestValidator test = new TestValidator();
        NamespacedValidator v = NamespacedValidator.builder().register("test", test).build();
        v.validate(b("/test/k"), b("ok"), NOW);
        assertThatThrownBy(() -> v.validate(b("/test/k"), b("no"), NOW))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessage("not ok");
        assertThat(test.seen).containsExactly("/test/k", "/test/k");
        assertThat(v.select(b("/test/k"), List.of(b("ok"), b("ok-longer"), b("ok-long")))).isEqualTo(1);
        assertThat(v.validator("test")).containsSame(test);
    }

    @Test
    void preloadsPkAndIpns() throws Exception {
        NamespacedValidator v = NamespacedValidator.builder().build();
        assertThat(v.validator("pk")).containsInstanceOf(PublicKeyValidator.class);
        assertThat(v.validator("ipns")).containsInstanceOf(IpnsValidator.class);
        var priv = Ed25519PrivateKey.fromSeed(new byte[32]);
        PublicKey pub = priv.publicKey();
        PeerId peer = PeerId.fromPublicKey(pub);
        v.validate(PublicKeyValidator.routingKey(peer), pub.marshal(), NOW);
        assertThatThrownBy(() -> v.validate(PublicKeyValidator.routingKey(peer), b("junk"), NOW))
                .isInstanceOf(InvalidRecordException.class);
        byte[] older = IpnsRecord.create(priv, b("/ipfs/x"), 1, NOW.plusSeconds(60), Duration.ZERO, false).toBytes();
        byte[] newer = IpnsRecord.create(priv, b("/ipfs/x"), 2, NOW.plusSeconds(60), Duration.ZERO, false).toBytes();
        v.validate(IpnsRecord.routingKey(peer), newer, NOW);
        assertThatThrownBy(() -> v.validate(IpnsRecord.routingKey(peer), newer, NOW.plusSeconds(60)))
                .isInstanceOf(InvalidRecordException.class);
        assertThat(v.select(IpnsRecord.routingKey(peer), List.of(older, newer))).isEqualTo(1);
    }

    @Test
    void unregisteredNamespacesAndTheEmptyKeyAreRefusedSayingWhich() {
        NamespacedValidator v = NamespacedValidator.builder().register("test", new TestValidator()).build();
        assertThat(v.strict()).isFalse();
        assertThat(v.namespaces()).containsExactly("ipns", "pk", "test");
        assertThatThrownBy(() -> v.validate(b("/unknown/key"), b("ok"), NOW))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessage("namespace 'unknown' is not registered; namespaced records are accepted only under"
                        + " [/ipns/, /pk/, /test/]");
        assertThatThrownBy(() -> v.validate(new byte[0], b("ok"), NOW))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessage("the key is empty");
    }

    @Test
    void keysWithNoNamespaceTakeSmallValuesUnvalidated() throws Exception {
        NamespacedValidator v = NamespacedValidator.builder().build();
        v.validate(b("QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn"), b("data"), NOW);
        v.validate(b("plain-key"), new byte[NamespacedValidator.DEFAULT_UNNAMESPACED_VALUE_LIMIT], NOW);
        assertThatThrownBy(() -> v.validate(b("plain-key"), new byte[100 * 1024], NOW))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessageStartingWith("the key has no namespace, and such a key takes a value of at most 1024 bytes,"
                        + " not 102400");
        assertThat(v.select(b("plain-key"), List.of(b("a"), b("bb")))).isZero();
        assertThatThrownBy(() -> v.select(b("plain-key"), List.of())).isInstanceOf(IllegalArgumentException.class);
        NamespacedValidator roomier = NamespacedValidator.builder().unnamespacedValueLimit(200 * 1024).build();
        roomier.validate(b("plain-key"), new byte[100 * 1024], NOW);
    }

    @Test
    void strictModeRefusesKeysWithNoNamespaceAsGoDoes() {
        NamespacedValidator v = NamespacedValidator.builder().strict(true).build();
        assertThat(v.strict()).isTrue();
        assertThatThrownBy(() -> v.validate(b("plain-key"), b("ok"), NOW))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessage("the key has no namespace (it is not /<namespace>/<name>); records are accepted only under"
                        + " [/ipns/, /pk/]");
    }

    @Test
    void registrationReplacesAndChecksNames() {
        TestValidator test = new TestValidator();
        NamespacedValidator v = NamespacedValidator.builder().register("pk", test).build();
        assertThat(v.validator("pk")).containsSame(test);
        assertThatThrownBy(() -> NamespacedValidator.builder().register("", test)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NamespacedValidator.builder().register("a/b", test)).isInstanceOf(IllegalArgumentException.class);
    }
}
