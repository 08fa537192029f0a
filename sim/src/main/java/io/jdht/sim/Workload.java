package io.jdht.sim;

import io.jdht.crypto.PeerId;
import io.jdht.kad.LookupRounds;
import io.jdht.kad.PublishStrategy;
import io.jdht.kad.QueryEvent;
import io.jdht.kad.QueryListener;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * The operations a simulation measures, started at planned instants from random online nodes:
 * findPeer of a random server, provide then findProvs of the same key from another node, put then
 * get likewise, and query (the closest peers of a random key). Each is recorded as an
 * {@link OpRecord}.
 *
 * <p>Back to back ({@code hours} 0) a task starts every {@link #GAP_MICROS}, and the reads follow
 * their writes one second after the write ended. Spread over hours (under churn) the writes all
 * happen in the first hour and each read picks an earlier write at random, so that the success of
 * reads over time says whether records survive the churn.
 */
final class Workload {
    static final long GAP_MICROS = 50_000;
    static final Duration OP_TIMEOUT = Duration.ofSeconds(60);
    private static final long HOUR = 3_600_000_000L;

    private final EventLoop loop;
    private final SimNetwork network;
    private final RandomGenerator random;
    private final SimConfig config;
    final List<OpRecord> records = new ArrayList<>();
    /** Keys written so far, with who provided them, for the later reads. */
    private final List<byte[]> provided = new ArrayList<>();
    private final List<PeerId> providers = new ArrayList<>();
    private final List<byte[]> putKeys = new ArrayList<>();
    private final List<byte[]> putValues = new ArrayList<>();
    private int running;
    /** Draws keys in the attacked region (its own stream, so the attack does not shift the others' draws). */
    private final java.util.SplittableRandom keys;

    Workload(EventLoop loop, SimNetwork network, RandomGenerator random, SimConfig config) {
        this.loop = loop;
        this.network = network;
        this.random = random;
        this.config = config;
        this.keys = new java.util.SplittableRandom(config.seed() ^ 0x5EB11L);
    }

    /** Plans the whole workload from now on; returns the simulated span it covers, in microseconds. */
    long plan() {
        int n = config.ops();
        if (config.hours() == 0) {
            for (int i = 0; i < n; i++) {
                long base = 4L * i * GAP_MICROS;
                loop.after(base, this::findPeer);
                loop.after(base + GAP_MICROS, () -> provide(true));
                loop.after(base + 2 * GAP_MICROS, () -> put(true));
                loop.after(base + 3 * GAP_MICROS, this::query);
            }
            return 4L * n * GAP_MICROS;
        }
        long span = (long) (config.hours() * HOUR);
        long writeSpan = Math.min(HOUR, span / 4);
        for (int i = 0; i < n; i++) {
            loop.after(writeSpan * i / n, () -> provide(false));
            loop.after(writeSpan * i / n + writeSpan / (2L * n), () -> put(false));
        }
        for (int i = 0; i < n; i++) {
            long at = writeSpan + (span - writeSpan) * i / n;
            loop.after(at, this::findPeer);
            loop.after(at + 1, this::findProvs);
            loop.after(at + 2, this::get);
            loop.after(at + 3, this::query);
        }
        return span;
    }

    /** Operations started and not yet finished. */
    int running() {
        return running;
    }

    /** Looks up a server the origin neither is connected to nor has in its routing table (else there is nothing to find). */
    private void findPeer() {
        SimNode origin = randomOnline(false);
        if (origin == null) {
            return;
        }
        SimNode target = null;
        for (int tries = 0; tries < 20 && target == null; tries++) {
            SimNode t = randomOnline(true);
            if (t != null && t != origin && !network.connected(origin, t) && !origin.engine.routingTable().contains(t.id)) {
                target = t;
            }
        }
        if (target == null) {
            return;
        }
        SimNode sought = target;
        run(Operation.FIND_PEER, origin, sought.id.toBytes(),
                l -> origin.engine.findPeer(sought.id, OP_TIMEOUT, l), found -> found.id().equals(sought.id));
    }

    private void provide(boolean readBack) {
        SimNode origin = randomOnline(false);
        if (origin == null) {
            return;
        }
        byte[] key = network.sybils != null ? network.sybils.keyInRegion(keys, true, "") : multihash();
        provided.add(key);
        providers.add(origin.id);
        run(Operation.PROVIDE, origin, key, l -> origin.engine.provide(key, OP_TIMEOUT, publishing(), l), stored -> stored > 0)
                .whenComplete((x, e) -> {
                    if (readBack) {
                        loop.after(1_000_000, () -> findProvs(key, origin.id, origin));
                    }
                });
    }

    private void findProvs() {
        if (provided.isEmpty()) {
            return;
        }
        int i = random.nextInt(provided.size());
        findProvs(provided.get(i), providers.get(i), null);
    }

    private void findProvs(byte[] key, PeerId provider, SimNode not) {
        SimNode origin = randomOnline(false, not);
        if (origin == null) {
            return;
        }
        run(Operation.FIND_PROVS, origin, key, l -> origin.engine.findProviders(key, 1, OP_TIMEOUT, l),
                found -> found.stream().anyMatch(p -> p.id().equals(provider)));
    }

    private void put(boolean readBack) {
        SimNode origin = randomOnline(false);
        if (origin == null) {
            return;
        }
        byte[] key = network.sybils != null ? network.sybils.keyInRegion(keys, false, "/sim/")
                : ("/sim/" + HexFormat.of().formatHex(bytes(16))).getBytes(StandardCharsets.UTF_8);
        byte[] value = bytes(100);
        putKeys.add(key);
        putValues.add(value);
        run(Operation.PUT, origin, key, l -> origin.engine.putValue(key, value, OP_TIMEOUT, publishing(), l),
                stored -> stored > 0)
                .whenComplete((x, e) -> {
                    if (readBack) {
                        loop.after(1_000_000, () -> get(key, value, origin));
                    }
                });
    }

    private void get() {
        if (putKeys.isEmpty()) {
            return;
        }
        int i = random.nextInt(putKeys.size());
        get(putKeys.get(i), putValues.get(i), null);
    }

    private void get(byte[] key, byte[] value, SimNode not) {
        SimNode origin = randomOnline(false, not);
        if (origin == null) {
            return;
        }
        run(Operation.GET, origin, key, l -> origin.engine.getValue(key, OP_TIMEOUT, 1, l), got -> Arrays.equals(got, value));
    }

    private void query() {
        SimNode origin = randomOnline(false);
        if (origin == null) {
            return;
        }
        byte[] key = multihash();
        List<PeerId> trueClosest = network.closestOnlineServers(key, 20);
        run(Operation.QUERY, origin, key, l -> origin.engine.closestPeers(key, OP_TIMEOUT, l),
                closest -> !closest.peers().isEmpty(), trueClosest);
    }

    private PublishStrategy publishing() {
        return config.optimisticProvide() ? PublishStrategy.OPTIMISTIC : PublishStrategy.CLASSIC;
    }

    /** Runs one operation from {@code origin}, counting its rounds, contacts and traffic, and records it. */
    private <T> CompletableFuture<T> run(Operation op, SimNode origin, byte[] key,
            Function<QueryListener, CompletableFuture<T>> start, java.util.function.Predicate<T> succeeded) {
        return run(op, origin, key, start, succeeded, null);
    }

    /** {@code trueClosest}: the target's true closest peers, to count the rounds to reach one (null: not counted). */
    private <T> CompletableFuture<T> run(Operation op, SimNode origin, byte[] key,
            Function<QueryListener, CompletableFuture<T>> start, java.util.function.Predicate<T> succeeded,
            List<PeerId> trueClosest) {
        int[] contacted = new int[1];
        LookupRounds rounds = LookupRounds.then(e -> {
            if (e instanceof QueryEvent.SendingQuery) {
                contacted[0]++;
            }
        });
        Traffic.Op traffic = new Traffic.Op(key);
        origin.activeOp = traffic;
        long started = loop.nowMicros();
        running++;
        CompletableFuture<T> f;
        try {
            f = start.apply(rounds);
        } catch (RuntimeException e) {
            f = CompletableFuture.failedFuture(e);
        }
        return f.whenComplete((result, error) -> {
            running--;
            if (origin.activeOp == traffic) {
                origin.activeOp = null;
            }
            boolean ok = error == null && succeeded.test(result);
            records.add(new OpRecord(op, started, loop.nowMicros() - started, ok, rounds.rounds(), contacted[0],
                    traffic.messages, traffic.bytes, trueClosest == null ? -1 : rounds.firstRoundAnsweredByAnyOf(trueClosest)));
        });
    }

    /** A random online node (a server if {@code server}), or null if none is found in a few tries. */
    private SimNode randomOnline(boolean server) {
        return randomOnline(server, null);
    }

    /** A random online honest node other than {@code not}, idle (a server if {@code server}); null if none in 100 tries. */
    private SimNode randomOnline(boolean server, SimNode not) {
        for (int tries = 0; tries < 100; tries++) {
            SimNode n = network.node(random.nextInt(network.size()));
            if (n != not && n.online && n.activeOp == null && !n.sybil && (!server || n.server)) {
                return n;
            }
        }
        return null;
    }

    private byte[] multihash() {
        byte[] mh = new byte[34];
        mh[0] = 0x12;
        mh[1] = 0x20;
        System.arraycopy(bytes(32), 0, mh, 2, 32);
        return mh;
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
