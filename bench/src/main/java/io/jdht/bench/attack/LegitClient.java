package io.jdht.bench.attack;

import io.jdht.crypto.PeerId;
import io.jdht.kad.PeerInfo;
import io.jdht.multiformats.Cid;
import io.jdht.net.ping.PingInitiator;
import io.jdht.node.DhtKeys;
import io.jdht.node.DhtMode;
import io.jdht.node.FindProvsOptions;
import io.jdht.node.Node;
import io.jdht.node.QueryOptions;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The legitimate side, two jdht nodes in the bench JVM (DHT clients, so the daemon is the only
 * server they know): a seeder that, before the attack, puts a {@code /pk/} record and provides a
 * block through the daemon, and a prober that, during and after the attack, pings the daemon on a
 * fresh stream, gets the record and finds the provider, each through the daemon and each bounded
 * by {@code --probe-timeout} (5 s). A round is those three, one after another; rounds start every
 * {@code --interval} (1 s).
 */
final class LegitClient implements AutoCloseable {
    private final Target target;
    private final Node seeder;
    private final Node prober;
    private final byte[] key;
    private final byte[] value;
    private final Cid cid;
    private final Duration timeout;

    private LegitClient(Target target, Node seeder, Node prober, byte[] key, byte[] value, Cid cid, Duration timeout) {
        this.target = target;
        this.seeder = seeder;
        this.prober = prober;
        this.key = key;
        this.value = value;
        this.cid = cid;
        this.timeout = timeout;
    }

    /** A client node on 127.0.0.1 connected to the daemon. */
    static Node node(Target target) throws Exception {
        Node n = Node.builder().listen("/ip4/127.0.0.1/tcp/0").mode(DhtMode.CLIENT).build();
        n.start().get(30, TimeUnit.SECONDS);
        n.connect(target.address()).get(30, TimeUnit.SECONDS);
        return n;
    }

    static LegitClient start(Target target, Duration timeout) throws Exception {
        Node seeder = node(target);
        Node prober = null;
        try {
            byte[] key = DhtKeys.parse("/pk/" + seeder.peerId());
            byte[] value = seeder.host().publicKey().marshal();
            int stored = seeder.dht().putAndCount(key, value, QueryOptions.timeout(Duration.ofSeconds(20)),
                    io.jdht.kad.QueryListener.NONE).get(30, TimeUnit.SECONDS);
            Cid cid = seeder.blocks().put(("legitimate block " + System.nanoTime()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            seeder.dht().provide(cid).get(30, TimeUnit.SECONDS);
            if (stored < 1) {
                throw new IOException("the daemon did not take the legitimate record");
            }
            prober = node(target);
            LegitClient legit = new LegitClient(target, seeder, prober, key, value, cid, timeout);
            Report check = legit.rounds(1);
            if (check.successes() < 3) {
                throw new IOException("the legitimate client fails before any attack: " + check.summary());
            }
            return legit;
        } catch (Exception e) {
            seeder.close();
            if (prober != null) {
                prober.close();
            }
            throw e;
        }
    }

    Node prober() {
        return prober;
    }

    Duration timeout() {
        return timeout;
    }

    /** Runs {@code n} rounds now, one after another. */
    Report rounds(int n) {
        Report r = new Report();
        for (int i = 0; i < n; i++) {
            round(r);
        }
        return r;
    }

    /** Rounds in the background, every {@code interval}, until {@link Probing#stop()}. */
    Probing startProbing(Duration interval) {
        Probing p = new Probing(interval);
        p.thread.start();
        return p;
    }

    private void round(Report r) {
        time(r.ping, this::ping);
        time(r.get, () -> Arrays.equals(prober.dht().get(key, QueryOptions.timeout(timeout))
                .get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS), value));
        time(r.findprovs, () -> findProvider(prober, cid, seeder.peerId()));
    }

    private boolean ping() throws Exception {
        long ms = timeout.toMillis();
        prober.host().connect(target.address()).get(ms, TimeUnit.MILLISECONDS);
        PingInitiator pinger = prober.host().openPing(target.peer()).get(ms, TimeUnit.MILLISECONDS);
        try {
            pinger.ping().get(ms, TimeUnit.MILLISECONDS);
            return true;
        } finally {
            pinger.close();
        }
    }

    /** Whether a findprovs through {@code asker} names {@code provider} within the probe timeout. */
    boolean findProvider(Node asker, Cid content, PeerId provider) throws Exception {
        List<PeerInfo> found = asker.dht().findProvs(content, new FindProvsOptions(timeout, 20))
                .get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        return found.stream().anyMatch(p -> p.id().equals(provider));
    }

    interface Op {
        boolean run() throws Exception;
    }

    private static void time(Samples s, Op op) {
        long t0 = System.nanoTime();
        boolean ok;
        try {
            ok = op.run();
        } catch (Exception e) {
            ok = false;
        }
        if (ok) {
            s.ok(System.nanoTime() - t0);
        } else {
            s.failed();
        }
    }

    @Override
    public void close() {
        prober.close();
        seeder.close();
    }

    /** The outcomes of some rounds. */
    static final class Report {
        final Samples ping = new Samples("ping");
        final Samples get = new Samples("get");
        final Samples findprovs = new Samples("findprovs");

        int successes() {
            return ping.successes() + get.successes() + findprovs.successes();
        }

        int attempts() {
            return ping.attempts() + get.attempts() + findprovs.attempts();
        }

        String summary() {
            return ping.summary() + ", " + get.summary() + ", " + findprovs.summary();
        }

        /** {@code 58/60 ok} for the table. */
        String brief() {
            return successes() + "/" + attempts() + " ok, ping p50 " + (ping.successes() > 0 ? Samples.ms(ping.quantileMs(0.5))
                    + " max " + Samples.ms(ping.quantileMs(1)) : "-");
        }
    }

    /** Rounds running in the background. */
    final class Probing {
        final Report report = new Report();
        private final Thread thread;
        private volatile boolean stop;

        private Probing(Duration interval) {
            thread = Thread.ofPlatform().daemon().name("attack-legit-probe").unstarted(() -> {
                while (!stop) {
                    long next = System.nanoTime() + interval.toNanos();
                    round(report);
                    while (!stop && System.nanoTime() < next) {
                        try {
                            Thread.sleep(20); // not interrupted: an interrupt would fail the operation in flight
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }
            });
        }

        /** Stops after the round in progress (at most three probe timeouts) and returns what was seen. */
        Report stop() throws InterruptedException {
            stop = true;
            thread.join(timeout.toMillis() * 4 + 5000);
            return report;
        }
    }
}
