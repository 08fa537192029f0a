package io.jdht.bench.attack;

import io.jdht.kad.PeerInfo;
import io.jdht.kad.QueryListener;
import io.jdht.kad.wire.KadCodec;
import io.jdht.kad.wire.KadMessage;
import io.jdht.multiformats.Cid;
import io.jdht.multiformats.Multiaddr;
import io.jdht.multiformats.Multihash;
import io.jdht.net.host.Connection;
import io.jdht.net.host.Host;
import io.jdht.node.Node;
import io.jdht.node.QueryOptions;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code provider-flood}: {@code --count} (101,000) ADD_PROVIDER for random keys from one
 * identity, {@code --per-stream} (16, the most requests a jdht peer lets wait on one stream) on
 * each stream, {@code --parallel} (64) streams open at once (a stream counts until the daemon has ended it). Then a legitimate node
 * provides a new block through the daemon and the prober (a third party) looks for it: does a
 * legitimate provider record still get in and out? (The seeded record from before the attack is
 * checked by the probes all along.)
 */
final class ProviderFloodAttack implements Attack {
    @Override
    public String name() {
        return "provider-flood";
    }

    @Override
    public String description() {
        return "--count ADD_PROVIDER from one identity, then a legitimate provide and findprovs";
    }

    @Override
    public String run(Context c) throws Exception {
        int count = c.count("count", 101_000);
        int parallel = c.integer("parallel", 64);
        int perStream = c.integer("per-stream", 16);
        Host attacker = c.attackers.newHost();
        Connection conn = c.attackers.connect(attacker, Duration.ofSeconds(10));
        PeerInfo self = new PeerInfo(attacker.peerId(), List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/4001")));
        Semaphore slots = new Semaphore(parallel);
        AtomicInteger written = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        SecureRandom random = new SecureRandom();
        byte[] digest = new byte[32];
        long t0 = System.nanoTime();
        int sent = 0;
        while (sent < count && c.timeLeft() && conn.isOpen()) {
            List<byte[]> batch = new ArrayList<>();
            for (int i = 0; i < perStream && sent + batch.size() < count; i++) {
                random.nextBytes(digest);
                batch.add(KadCodec.encode(KadMessage.addProvider(Multihash.of(0x12, digest.clone()).toBytes(), self)));
            }
            if (!slots.tryAcquire(1, TimeUnit.SECONDS)) {
                continue;
            }
            sent += batch.size();
            Attackers.send(conn, batch, Duration.ofSeconds(30)).whenComplete((ok, e) -> {
                (e == null && ok ? written : failed).addAndGet(batch.size());
                slots.release();
            });
        }
        slots.tryAcquire(parallel, 30, TimeUnit.SECONDS);
        double seconds = (System.nanoTime() - t0) / 1e9;
        double keys = c.target.metric("jdht_dht_provider_keys", "");
        String legit;
        try (Node provider = LegitClient.node(c.target)) {
            Cid cid = provider.blocks().put(("provided after the flood " + System.nanoTime()).getBytes(StandardCharsets.UTF_8));
            List<Integer> reached = provider.dht().provideAndCount(List.of(cid), QueryOptions.timeout(Duration.ofSeconds(20)),
                    QueryListener.NONE).get(30, TimeUnit.SECONDS);
            boolean found = c.legit.findProvider(c.legit.prober(), cid, provider.peerId());
            legit = "legitimate provide reached " + reached.getFirst() + " peer(s), a third party "
                    + (found ? "finds it" : "does NOT find it");
        } catch (Exception e) {
            legit = "legitimate provide failed: " + Attackers.reason(e);
        }
        return String.format(Locale.ROOT, "%,d ADD_PROVIDER sent in %.1f s (%.0f/s), %,d written, %,d not (stream refused or reset), connection %s; "
                        + "daemon holds %.0f provider keys; %s",
                sent, seconds, sent / seconds, written.get(), failed.get(), conn.isOpen() ? "open" : "closed", keys, legit);
    }
}
