package io.jdht.bench.attack;

import io.jdht.crypto.KeyType;
import io.jdht.crypto.PeerId;
import io.jdht.crypto.PrivateKey;
import io.jdht.kad.record.IpnsRecord;
import io.jdht.kad.wire.KadCodec;
import io.jdht.kad.wire.KadMessage;
import io.jdht.net.host.Connection;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code put-flood}: {@code --count} (15,000) PUT_VALUE of {@code --size} (100 KiB) from
 * {@code --senders} (4) fresh identities, each with {@code --parallel} (4) in flight, each on a
 * stream of its own. {@code --namespace none} (the default) uses unnamespaced keys, which a jdht
 * daemon stores unvalidated unless strict; {@code --namespace ipns} sends valid signed IPNS records
 * instead, one fresh key each, their value cut to fit the 10 KiB IPNS limit. A put is taken when
 * the daemon echoes it and refused when it ends the stream without. The result line's heap after
 * GC is what the daemon keeps.
 */
final class PutFloodAttack implements Attack {
    /** What is left of the 10 KiB IPNS limit for the value, after the signature, key and CBOR. */
    static final int IPNS_VALUE_ROOM = IpnsRecord.MAX_SIZE - 512;

    @Override
    public String name() {
        return "put-flood";
    }

    @Override
    public String description() {
        return "--count PUT_VALUE of --size under unnamespaced keys (--namespace ipns: valid IPNS records)";
    }

    @Override
    public String run(Context c) throws Exception {
        int count = c.count("count", 15_000);
        int size = (int) c.bytes("size", 100 << 10);
        int senders = c.integer("senders", 4);
        int parallel = c.integer("parallel", 4);
        boolean ipns = switch (c.string("namespace", "none")) {
            case "none" -> false;
            case "ipns" -> true;
            default -> throw new IllegalArgumentException("--namespace none or ipns");
        };
        int valueSize = ipns ? Math.min(size, IPNS_VALUE_ROOM) : size;
        AtomicInteger next = new AtomicInteger();
        Map<String, Integer> outcomes = new TreeMap<>();
        long t0 = System.nanoTime();
        List<CompletableFuture<Void>> all = new ArrayList<>();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();
        byte[] tag = new byte[6];
        new SecureRandom().nextBytes(tag);
        String run = java.util.HexFormat.of().formatHex(tag);
        for (int s = 0; s < senders; s++) {
            Connection conn = c.attackers.connectedHost(Duration.ofSeconds(10));
            all.add(CompletableFuture.runAsync(() -> {
                Semaphore slots = new Semaphore(parallel);
                SecureRandom random = new SecureRandom();
                int i;
                while (c.timeLeft() && conn.isOpen() && (i = next.getAndIncrement()) < count) {
                    byte[] message = ipns ? ipnsPut(random, valueSize) : KadCodec.encode(KadMessage.putValue(
                            ("attack-put-" + run + "-" + i).getBytes(StandardCharsets.UTF_8), new byte[valueSize]));
                    slots.acquireUninterruptibly();
                    Attackers.call(conn, message, Duration.ofSeconds(30)).thenAccept(r -> {
                        synchronized (outcomes) {
                            outcomes.merge(r.outcome() == Attackers.Outcome.ANSWERED ? "taken" : r.outcome() + " " + r.detail(),
                                    1, Integer::sum);
                        }
                        slots.release();
                    });
                }
                slots.acquireUninterruptibly(parallel);
            }, pool));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get();
        pool.shutdown();
        double seconds = (System.nanoTime() - t0) / 1e9;
        int sent = Math.min(next.get(), count);
        return String.format(Locale.ROOT, "%,d puts of %s%s sent in %.1f s (%.0f/s): %s; the daemon holds %.0f records",
                sent, Attack.Size.of(valueSize), ipns ? " (IPNS)" : "", seconds, sent / seconds, outcomes,
                c.target.metric("jdht_dht_records", ""));
    }

    /** A PUT_VALUE of a valid IPNS record under a fresh key. */
    static byte[] ipnsPut(SecureRandom random, int valueSize) {
        PrivateKey key = PrivateKey.generate(KeyType.ED25519, random);
        byte[] value = new byte[valueSize];
        byte[] path = "/ipfs/bafkqaaa/".getBytes(StandardCharsets.UTF_8);
        System.arraycopy(path, 0, value, 0, Math.min(path.length, value.length));
        for (int j = path.length; j < value.length; j++) {
            value[j] = 'a';
        }
        IpnsRecord record = IpnsRecord.create(key, value, 1, Instant.now().plus(Duration.ofDays(1)), Duration.ofHours(1), false);
        byte[] routingKey = IpnsRecord.routingKey(PeerId.fromPublicKey(key.publicKey()));
        return KadCodec.encode(KadMessage.putValue(routingKey, record.toBytes()));
    }
}
