package io.jdht.bench.micro;

import io.jdht.net.noise.NoiseBenchAccess;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.security.spec.XECPublicKeySpec;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.crypto.KeyAgreement;
import org.bouncycastle.math.ec.rfc7748.X25519;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One X25519 key agreement, the same keys three ways side by side: the JDK's XDH with the keys
 * already parsed ({@link #jdkXdh}), BouncyCastle's RFC 7748 code on raw bytes ({@link #bouncyCastle};
 * it is on the classpath through the crypto module, which uses it for Ed25519 and secp256k1), and
 * the net module's own agreement ({@link #jdht}), which is the JDK's plus building the key objects
 * from bytes each time, as the Noise handshake does. A handshake makes ten of these (four public
 * keys, six agreements), so this says how much of it a faster X25519 could save.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = "-XX:+UseCompactObjectHeaders")
public class X25519Bench {
    private byte[] privateKey;
    private byte[] remotePublic;
    private PrivateKey jdkPrivate;
    private PublicKey jdkPublic;
    private KeyAgreement agreement;
    private final byte[] bcSecret = new byte[32];

    @Setup
    public void setUp() throws GeneralSecurityException {
        Random random = new Random(40);
        privateKey = new byte[32];
        random.nextBytes(privateKey);
        byte[] other = new byte[32];
        random.nextBytes(other);
        remotePublic = NoiseBenchAccess.x25519PublicKey(other);

        KeyFactory kf = KeyFactory.getInstance("XDH");
        jdkPrivate = kf.generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, privateKey));
        jdkPublic = kf.generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, coordinate(remotePublic)));
        agreement = KeyAgreement.getInstance("X25519");

        // the three must agree, or the comparison means nothing
        byte[] expected = NoiseBenchAccess.x25519(privateKey, remotePublic);
        if (!java.util.Arrays.equals(expected, jdkXdh()) || !java.util.Arrays.equals(expected, bouncyCastle())) {
            throw new IllegalStateException("the JDK and BouncyCastle disagree on an X25519 secret");
        }
    }

    @Benchmark
    public byte[] jdht() {
        return NoiseBenchAccess.x25519(privateKey, remotePublic);
    }

    @Benchmark
    public byte[] jdkXdh() throws GeneralSecurityException {
        agreement.init(jdkPrivate);
        agreement.doPhase(jdkPublic, true);
        return agreement.generateSecret();
    }

    @Benchmark
    public byte[] bouncyCastle() {
        if (!X25519.calculateAgreement(privateKey, 0, remotePublic, 0, bcSecret, 0)) {
            throw new IllegalStateException("all-zero secret");
        }
        return bcSecret;
    }

    /** RFC 7748: the u-coordinate is little-endian with its top bit ignored; the JDK wants a number. */
    private static BigInteger coordinate(byte[] littleEndian) {
        byte[] bigEndian = new byte[32];
        for (int i = 0; i < 32; i++) {
            bigEndian[i] = littleEndian[31 - i];
        }
        bigEndian[0] &= 0x7f;
        return new BigInteger(1, bigEndian);
    }
}
