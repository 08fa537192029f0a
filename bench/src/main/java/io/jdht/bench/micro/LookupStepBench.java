package io.jdht.bench.micro;

import io.jdht.crypto.PeerId;
import io.jdht.kad.Key;
import io.jdht.kad.PeerInfo;
import io.jdht.kad.lookup.Lookup;
import io.jdht.kad.lookup.LookupConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.Set;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * One step of the lookup state machine: a peer's answer naming 20 closer peers is taken in and
 * the next peers to ask are chosen. The lookup is mutated by the step, so each operation starts a
 * fresh one from 20 routing-table seeds and sends the first α = 10 requests; {@link #start} is
 * that prelude alone, and one step costs {@code startThenOneAnswer − start}. (A per-invocation
 * setup would avoid the subtraction but costs JMH more timer overhead than the step itself.)
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = "-XX:+UseCompactObjectHeaders")
public class LookupStepBench {
    private final Instant now = Instant.parse("2026-12-02T00:00:00Z");
    private final Instant deadline = now.plus(Duration.ofMinutes(1));
    private Key target;
    private List<PeerInfo> seeds;
    private List<PeerInfo> answer;
    private PeerId answerer;
    private final Set<PeerId> excluded = Set.of();

    @Setup
    public void setUp() {
        Random random = new Random(30);
        byte[] t = new byte[Key.BYTES];
        random.nextBytes(t);
        target = Key.fromBits(t);
        // 1,000 peers by distance to the target: the answer brings the 20 closest (a peer near
        // the target answers with peers nearer still), the table seeds the lookup with 20 others
        List<PeerInfo> pool = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            pool.add(Fixtures.cheapPeer(random));
        }
        pool.sort(Comparator.comparing((PeerInfo p) -> Key.of(p.id()).distance(target)));
        answer = List.copyOf(pool.subList(0, 20));
        seeds = new ArrayList<>(pool.subList(100, 1000));
        java.util.Collections.shuffle(seeds, random);
        seeds = List.copyOf(seeds.subList(0, 20));
        Lookup probe = new Lookup(target, LookupConfig.DEFAULT, seeds, excluded, deadline);
        answerer = probe.next(now).getFirst().id();
        // α requests are in flight; the answer frees one slot, which goes to the closest newcomer
        if (!probe.onSuccess(answerer, answer, now) || !probe.next(now).equals(List.of(answer.getFirst()))) {
            throw new IllegalStateException("the answer did not send the next request to the closest peer it named");
        }
    }

    @Benchmark
    public List<PeerInfo> start() {
        Lookup lookup = new Lookup(target, LookupConfig.DEFAULT, seeds, excluded, deadline);
        return lookup.next(now);
    }

    @Benchmark
    public List<PeerInfo> startThenOneAnswer(Blackhole bh) {
        Lookup lookup = new Lookup(target, LookupConfig.DEFAULT, seeds, excluded, deadline);
        bh.consume(lookup.next(now));
        bh.consume(lookup.onSuccess(answerer, answer, now));
        return lookup.next(now);
    }
}
