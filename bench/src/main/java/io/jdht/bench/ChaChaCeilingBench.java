package io.jdht.bench;

import java.security.GeneralSecurityException;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The ceiling for an encrypted libp2p connection on one core: the JDK's ChaCha20-Poly1305 sealing
 * one Noise-sized frame (65519 bytes) per operation, with a fresh nonce each time as Noise does.
 * Throughput in bytes per second is {@code frameBytes × ops/s}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = "-XX:+UseCompactObjectHeaders")
public class ChaChaCeilingBench {
    @Param({"65519"})
    int frameBytes;

    private Cipher cipher;
    private SecretKeySpec key;
    private byte[] plain;
    private byte[] out;
    private final byte[] iv = new byte[12];
    private long nonce;

    @Setup
    public void setUp() throws GeneralSecurityException {
        cipher = Cipher.getInstance("ChaCha20-Poly1305");
        key = new SecretKeySpec(new byte[32], "ChaCha20");
        plain = new byte[frameBytes];
        out = new byte[frameBytes + 16];
    }

    @Benchmark
    public int sealFrame() throws GeneralSecurityException {
        long n = nonce++;
        for (int i = 0; i < 8; i++) {
            iv[4 + i] = (byte) (n >>> (8 * i));
        }
        cipher.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(iv));
        return cipher.doFinal(plain, 0, plain.length, out, 0);
    }
}
