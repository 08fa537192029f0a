package io.jdht.bench.attack;

import io.jdht.kad.wire.KadCodec;
import io.jdht.kad.wire.KadMessage;
import io.jdht.net.host.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * {@code unknown-fields}: {@code --senders} (4) fresh identities, each sending {@code --count}
 * (16) FIND_NODE messages of {@code --size} (4 MiB), one at a time on a new stream, made of a
 * valid FIND_NODE followed by ~700,000 unknown length-delimited fields (field 100, 3 bytes each: 6
 * bytes a field), which a protobuf parser that keeps unknown fields turns into 700,000 objects.
 */
final class UnknownFieldsAttack implements Attack {
    @Override
    public String name() {
        return "unknown-fields";
    }

    @Override
    public String description() {
        return "--senders peers each send --count --size FIND_NODE messages made of unknown protobuf fields";
    }

    /** The unknown fields in a message of {@code size} bytes made by {@link #message}. */
    static int unknownFields(int size) {
        return (size - known().length) / 6;
    }

    private static byte[] known() {
        byte[] target = new byte[38];
        new java.util.Random(1).nextBytes(target);
        return KadCodec.encode(KadMessage.findNode(target));
    }

    /** A FIND_NODE of at most {@code size} bytes: the real message, then unknown fields. */
    static byte[] message(int size) {
        byte[] known = known();
        int fields = unknownFields(size);
        byte[] out = new byte[known.length + fields * 6];
        System.arraycopy(known, 0, out, 0, known.length);
        for (int i = 0, at = known.length; i < fields; i++, at += 6) {
            out[at] = (byte) 0xA2; // field 100, wire type 2: tag 802 as a varint
            out[at + 1] = 0x06;
            out[at + 2] = 3;       // 3 bytes of content (zeros)
        }
        return out;
    }

    @Override
    public String run(Context c) throws Exception {
        int senders = c.integer("senders", 4);
        int count = c.count("count", 16);
        int size = (int) c.bytes("size", 4L << 20);
        byte[] message = message(size);
        Map<String, Integer> outcomes = new TreeMap<>();
        Samples answered = new Samples("answer");
        List<CompletableFuture<Void>> all = new ArrayList<>();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();
        for (int s = 0; s < senders; s++) {
            Connection conn = c.attackers.connectedHost(Duration.ofSeconds(10));
            all.add(CompletableFuture.runAsync(() -> {
                for (int i = 0; i < count && c.timeLeft(); i++) {
                    long t0 = System.nanoTime();
                    Attackers.Reply r = Attackers.call(conn, message, Duration.ofSeconds(30)).join();
                    if (r.outcome() == Attackers.Outcome.ANSWERED) {
                        answered.ok(System.nanoTime() - t0);
                    }
                    synchronized (outcomes) {
                        outcomes.merge(r.outcome() + (r.detail().isEmpty() ? "" : " (" + r.detail() + ")"), 1, Integer::sum);
                    }
                    if (!conn.isOpen()) {
                        synchronized (outcomes) {
                            outcomes.merge("connection closed", 1, Integer::sum);
                        }
                        return;
                    }
                }
            }, pool));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get();
        pool.shutdown();
        return String.format(Locale.ROOT, "FIND_NODE of %s with %,d unknown fields; %s; answered p50 %s",
                Attack.Size.of(message.length), unknownFields(size), outcomes,
                answered.successes() > 0 ? Samples.ms(answered.quantileMs(0.5)) : "-");
    }
}
