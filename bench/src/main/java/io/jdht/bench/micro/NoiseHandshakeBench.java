package io.jdht.bench.micro;

import io.jdht.crypto.Ed25519PrivateKey;
import io.jdht.crypto.PeerId;
import io.jdht.net.noise.NoiseBenchAccess;
import io.jdht.net.noise.NoiseException;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
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
 * A whole libp2p Noise XX handshake, both sides in one thread with no I/O: per side two X25519 key
 * generations and three agreements, an Ed25519 signature over its static key and the check of
 * the other's, the payload protobufs, and the ChaCha20-Poly1305/SHA-256 symmetric state. One
 * operation is one handshake, so it bounds how many connections per second one core can secure.
 * Its share spent in X25519 is {@link X25519Bench}'s figure × 10.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = "-XX:+UseCompactObjectHeaders")
public class NoiseHandshakeBench {
    private Ed25519PrivateKey initiator;
    private Ed25519PrivateKey responder;
    private PeerId responderId;
    /** Shared by all handshakes, as a host shares one (a SecureRandom per connection costs more). */
    private SecureRandom random;

    @Setup
    public void setUp() {
        random = new SecureRandom();
        initiator = Ed25519PrivateKey.generate(random);
        responder = Ed25519PrivateKey.generate(random);
        responderId = PeerId.fromPublicKey(responder.publicKey());
    }

    @Benchmark
    public NoiseBenchAccess.Outcome fullHandshake() throws NoiseException {
        return NoiseBenchAccess.handshake(initiator, responder, responderId, random);
    }
}
