/**
 * Benchmarks. {@link io.jdht.bench.LoopbackBench} is the macro benchmark of the libp2p layer on
 * 127.0.0.1 (throughput over /perf/1.0.0 beside the JDK's cipher ceiling, connections per second),
 * with js-libp2p peers driven through {@link io.jdht.bench.JsPeer}; the {@code *Bench} classes with
 * JMH annotations are micro benchmarks run through the shaded jar's JMH main, as are those of
 * {@code io.jdht.bench.micro}, one per hot path of the kad and net modules.
 */
package io.jdht.bench;
