package io.jdht.cli;

import io.jdht.crypto.Ed25519PrivateKey;
import io.jdht.crypto.PeerId;
import io.jdht.kad.QueryEvent;
import io.jdht.kad.QueryListener;
import io.jdht.multiformats.Cid;
import io.jdht.node.FindProvsOptions;
import io.jdht.node.Node;
import io.jdht.node.QueryOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The six DHT operations run once each across a {@link Devnet}, each from a different node than
 * the one whose work it checks (get reads what another node put, findprovs looks for another
 * node's block, findpeer looks for a node it is not connected to), so that every one crosses the
 * network instead of being answered locally. Findpeer runs first, while the network is still as
 * sparse as {@link Devnet} wired it.
 */
final class DevnetScenario {
    /** Slack on top of the operation's own deadline, which the Dht API enforces. */
    private static final long GRACE_MILLIS = 5_000;

    private final Devnet net;
    private final Random random;
    private final Duration timeout;
    private final List<DevnetResult> results = new ArrayList<>();

    DevnetScenario(Devnet net, Random random, Duration timeout) {
        this.net = net;
        this.random = random;
        this.timeout = timeout;
    }

    /** A step's body: given the listener that counts peers, the future of its detail line. */
    private interface Step extends Function<QueryListener, CompletableFuture<String>> {}

    List<DevnetResult> run() {
        QueryOptions q = QueryOptions.timeout(timeout);
        // findpeer first: every lookup dials the peers it asks, so later the nodes are all connected
        int[] pair = unconnectedPair();
        int finder = pair[0];
        int target = pair[1];
        String how = net.connected(finder, target) ? " (every pair is connected, so no lookup was needed)" : "";
        step("findpeer", l -> node(finder).dht().findPeer(node(target).peerId(), q, l).thenApply(found -> {
            require(!found.addresses().isEmpty(), "found node " + target + " without addresses");
            return "node " + finder + " found node " + target + " at " + found.addresses().getFirst() + how;
        }));

        int putter = random.nextInt(net.size());
        int getter = other(putter);
        String key = "/devnet/" + hex(8);
        byte[] value = ("devnet value " + hex(8)).getBytes(StandardCharsets.UTF_8);
        byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
        step("put", l -> node(putter).dht().putAndCount(keyBytes, value, q, l).thenApply(n -> {
            require(n > 0, "no peer stored the record");
            return "node " + putter + " stored " + key + " at " + n + " peers";
        }));
        step("get", l -> node(getter).dht().get(keyBytes, q, l).thenApply(v -> {
            require(Arrays.equals(v, value), "node " + getter + " got a different value than node " + putter + " put");
            return "node " + getter + " read back the " + v.length + "-byte value of node " + putter;
        }));

        int provider = random.nextInt(net.size());
        int seeker = other(provider);
        Cid cid = node(provider).blocks().put(("devnet block " + hex(8)).getBytes(StandardCharsets.UTF_8));
        step("provide", l -> node(provider).dht().provideAndCount(List.of(cid), q, l).thenApply(counts -> {
            require(counts.getFirst() > 0, "no peer accepted the provider record");
            return "node " + provider + " announced " + cid + " to " + counts.getFirst() + " peers";
        }));
        FindProvsOptions find = new FindProvsOptions(timeout, 20);
        step("findprovs", l -> node(seeker).dht().findProvs(cid.hash(), find, l).thenApply(found -> {
            require(found.stream().anyMatch(p -> p.id().equals(node(provider).peerId())),
                    "node " + provider + " is not among the " + found.size() + " providers found");
            return "node " + seeker + " found node " + provider + " among " + found.size() + " providers";
        }));

        int asker = random.nextInt(net.size());
        PeerId somewhere = randomPeerId();
        step("query", l -> node(asker).dht().query(somewhere, q, l).thenApply(closest -> {
            require(!closest.isEmpty(), "no closest peers");
            return "node " + asker + " found the " + closest.size() + " peers closest to " + somewhere;
        }));
        return results;
    }

    /** Runs one step, timing it and counting the distinct peers it sent a request to. */
    private void step(String op, Step body) {
        Set<PeerId> contacted = ConcurrentHashMap.newKeySet();
        QueryListener counter = e -> {
            if (e instanceof QueryEvent.SendingQuery s) {
                contacted.add(s.peer());
            }
        };
        long start = System.nanoTime();
        boolean ok;
        String detail;
        try {
            detail = body.apply(counter).get(timeout.toMillis() + GRACE_MILLIS, TimeUnit.MILLISECONDS);
            ok = true;
        } catch (Exception e) {
            detail = CommandFailure.describe(e);
            ok = false;
        }
        double ms = (System.nanoTime() - start) / 1e6;
        results.add(new DevnetResult(op, ok, contacted.size(), ms, detail));
    }

    /** Two different nodes that are not connected to each other, if there are any. */
    private int[] unconnectedPair() {
        int n = net.size();
        int offset = random.nextInt(n * n);
        for (int k = 0; k < n * n; k++) {
            int c = (offset + k) % (n * n);
            int a = c / n;
            int b = c % n;
            if (a != b && !net.connected(a, b)) {
                return new int[] {a, b};
            }
        }
        int a = random.nextInt(n);
        return new int[] {a, (a + 1) % n};
    }

    private int other(int i) {
        return (i + 1 + random.nextInt(net.size() - 1)) % net.size();
    }

    private Node node(int i) {
        return net.node(i);
    }

    private PeerId randomPeerId() {
        byte[] seed = new byte[32];
        random.nextBytes(seed);
        return PeerId.fromPublicKey(Ed25519PrivateKey.fromSeed(seed).publicKey());
    }

    private String hex(int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static void require(boolean condition, String failure) {
        if (!condition) {
            throw new IllegalStateException(failure);
        }
    }
}
