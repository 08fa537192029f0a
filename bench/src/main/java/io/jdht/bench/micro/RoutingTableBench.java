package io.jdht.bench.micro;

import io.jdht.crypto.PeerId;
import io.jdht.kad.Key;
import io.jdht.kad.PeerInfo;
import io.jdht.kad.routing.RoutingTable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
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
 * The routing table of a node in a large network: offering a newcomer, and the 20 closest peers
 * to a random key (what every lookup and every FIND_NODE answer starts from).
 *
 * <p>The table is filled the way a real one fills: from 2^20 random peers, each bucket keeps the
 * first {@code bucketSize} that land in it. With the real k = 20 that gives 327 peers (a table
 * of 500 at k = 20 would need a network of some 20·2^25 peers); with {@code bucketSize} 32 it
 * gives 507. {@link #closest20} sorts every entry, so it grows with the table; {@link #offerToFullBucket}
 * is what nearly every newcomer meets (the shallow buckets are full): it waits in the replacement
 * cache and the stalest member is named for a check; {@link #addAndRemove} is the rarer newcomer
 * whose deep bucket has room, taken out again so the table stays the same size.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = "-XX:+UseCompactObjectHeaders")
public class RoutingTableBench {
    private static final int CANDIDATES = 1 << 20;
    private static final int POOL = 1024;
    private static final Key SELF = Key.of("the benchmark's own node".getBytes(java.nio.charset.StandardCharsets.UTF_8));

    @Param({"20", "32"})
    int bucketSize;

    private final Instant now = Instant.parse("2026-12-02T00:00:00Z");
    private RoutingTable table;
    private PeerInfo[] newcomers;
    private PeerInfo[] roomy;
    private Key[] targets;
    private int next;

    @Setup
    public void setUp() {
        Random random = new Random(20);
        Population population = Population.of(bucketSize);
        table = new RoutingTable(SELF, bucketSize);
        for (PeerInfo p : population.members()) {
            table.offer(p, Optional.empty(), now);
        }
        roomy = population.withRoom().toArray(PeerInfo[]::new);
        newcomers = new PeerInfo[POOL];
        targets = new Key[POOL];
        for (int i = 0; i < POOL; i++) {
            newcomers[i] = Fixtures.cheapPeer(random);
            byte[] t = new byte[Key.BYTES];
            random.nextBytes(t);
            targets[i] = Key.fromBits(t);
        }
    }

    /**
     * Who a table of this bucket size keeps out of {@value #CANDIDATES} random peers, and some
     * further peers whose bucket still has room. Drawn once per JVM and bucket size: hashing a
     * million peers takes about a second, and the smoke test sets this state up several times.
     */
    private record Population(List<PeerInfo> members, List<PeerInfo> withRoom) {
        private static final Map<Integer, Population> MADE = new ConcurrentHashMap<>();

        static Population of(int bucketSize) {
            return MADE.computeIfAbsent(bucketSize, Population::draw);
        }

        private static Population draw(int bucketSize) {
            Random random = new Random(21);
            int[] perBucket = new int[Key.BITS];
            List<PeerInfo> members = new ArrayList<>();
            for (int i = 0; i < CANDIDATES; i++) {
                PeerId id = Fixtures.cheapId(random);
                int cpl = Math.min(SELF.commonPrefixLength(Key.of(id)), Key.BITS - 1);
                if (perBucket[cpl] < bucketSize) {
                    perBucket[cpl]++;
                    members.add(Fixtures.withAddress(id, i));
                }
            }
            // The deep buckets are not full. Hold one peer of each back from the table: offered
            // later, it finds room (a random newcomer would, with a chance of ~2^-15 only).
            List<PeerInfo> withRoom = new ArrayList<>();
            boolean[] heldBack = new boolean[Key.BITS];
            for (int i = members.size() - 1; i >= 0; i--) {
                int cpl = Math.min(SELF.commonPrefixLength(Key.of(members.get(i).id())), Key.BITS - 1);
                if (perBucket[cpl] < bucketSize && !heldBack[cpl]) {
                    heldBack[cpl] = true;
                    withRoom.add(members.remove(i));
                }
            }
            if (withRoom.isEmpty()) {
                throw new IllegalStateException("every bucket is full");
            }
            return new Population(List.copyOf(members), List.copyOf(withRoom));
        }
    }

    /** Peers in the table, for the report. */
    public int tableSize() {
        return table.size();
    }

    @Benchmark
    public List<PeerInfo> closest20() {
        return table.closest(targets[next++ & (POOL - 1)], 20);
    }

    @Benchmark
    public RoutingTable.AddResult offerToFullBucket() {
        return table.offer(newcomers[next++ & (POOL - 1)], Optional.empty(), now);
    }

    @Benchmark
    public boolean addAndRemove() {
        PeerInfo p = roomy[next++ % roomy.length];
        RoutingTable.AddResult r = table.offer(p, Optional.empty(), now);
        return r instanceof RoutingTable.AddResult.Added && table.remove(p.id());
    }
}
