/**
 * JMH micro benchmarks of the hot paths under a DHT node, each in isolation and in memory, so a
 * change to one of them shows in its own figure rather than in the noise of a loopback run. Run
 * them through the bench jar's JMH main ({@code -cp bench/target/jdht-bench.jar org.openjdk.jmh.Main
 * 'io.jdht.bench.micro'}); {@code MicroBenchSmokeTest} only checks that each one runs.
 *
 * <ul>
 *   <li>{@link io.jdht.bench.micro.KadCodecBench}: encoding and decoding a FIND_NODE answer with
 *       20 peers of two addresses (read once per lookup step) and a PUT_VALUE with a 300-byte
 *       record (sent to 20 peers per publish). Says what a kad message costs beside the network.
 *   <li>{@link io.jdht.bench.micro.RoutingTableBench}: the 20 closest peers to a random key, and
 *       offering a newcomer, on a table filled from a million random peers. Every lookup and every
 *       FIND_NODE we answer starts with the first; every connection identified runs the second.
 *   <li>{@link io.jdht.bench.micro.LookupStepBench}: the lookup state machine taking one answer of
 *       20 closer peers and choosing whom to ask next: the CPU a lookup spends per answer, which
 *       bounds how many lookups a node can drive at once.
 *   <li>{@link io.jdht.bench.micro.NoiseHandshakeBench}: a whole Noise XX handshake with Ed25519
 *       identities, both sides: the CPU price of every new connection, which bounds connections per
 *       second per core. {@link io.jdht.bench.micro.X25519Bench} sets the JDK's X25519 beside
 *       BouncyCastle's on the same keys, the part of the handshake another library could change.
 *   <li>{@link io.jdht.bench.micro.YamuxThroughputBench}: 64 KiB writes through a pair of yamux
 *       sessions, in MB/s: the multiplexer's share of a transfer, without TCP and Noise (their
 *       ceiling is {@link io.jdht.bench.ChaChaCeilingBench}).
 * </ul>
 *
 * <p>Inputs are fixed (seeded) so runs compare; every benchmark returns or counts what it computes
 * so the JIT cannot drop the work, and checks in its setup that its inputs do what it claims.
 */
package io.jdht.bench.micro;
