package io.jdht.sim;

import io.jdht.crypto.PeerId;
import io.jdht.kad.KadConfig;
import io.jdht.kad.KadEngine;
import io.jdht.kad.PeerInfo;
import io.jdht.kad.ReprovideStrategy;
import io.jdht.kad.lookup.LookupConfig;
import io.jdht.kad.record.InMemoryProviderStore;
import io.jdht.kad.record.InMemoryRecordStore;
import io.jdht.kad.record.NamespacedValidator;
import io.jdht.kad.record.RecordValidator;
import io.jdht.multiformats.Multiaddr;
import io.jdht.multiformats.Multihash;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Builds a network of {@link SimConfig#nodes} kad engines over the {@link SimNetwork} model, lets
 * them join as real nodes do, runs the {@link Workload} and gathers a {@link SimResult}. All of it
 * on the calling thread, from one seeded random source.
 *
 * <p>Joining: four bootstrap nodes (stable, dialable servers, like the IPFS bootstrappers) start
 * first; every other node arrives {@link #JOIN_GAP_MICROS} after the previous one, dials two of
 * them, and two seconds later (dial, identify, admission done) runs {@link KadEngine#bootstrap}: a
 * lookup of its own key, then one per bucket; from then on its maintenance runs as a real node's
 * does (refresh every 10 minutes, reprovide and republish every 22 h). Under churn a node may also
 * start offline, and leaves and returns by the {@link Churn} model, bootstrapping again on return.
 */
public final class Simulation {
    static final int BOOTSTRAP_NODES = 4;
    static final long JOIN_GAP_MICROS = 10_000;
    private static final long SECOND = 1_000_000;
    private static final long HOUR = 3_600 * SECOND;
    /** Time for the last joiners' lookups and the first refreshes before the workload starts. */
    static final long SETTLE_MICROS = 120 * SECOND;

    /** Told of the run's progress, every few hundred thousand events. */
    public interface Progress {
        Progress NONE = (phase, done, total) -> {};

        void update(String phase, long doneMicros, long totalMicros);
    }

    private static final NamespacedValidator SIM_RECORDS = NamespacedValidator.builder()
            .register("sim", RecordValidator.ANY_FIRST_WINS)
            .build();

    private final SimConfig config;
    private final SplittableRandom random;
    private final EventLoop loop = new EventLoop();
    private final SimNetwork network;
    private final Churn churn;
    private final List<SimNode> bootstrap = new ArrayList<>();
    private final List<int[]> onlineByHour = new ArrayList<>();
    private long peakHeap;

    public Simulation(SimConfig config) {
        this.config = config.validate();
        this.random = new SplittableRandom(config.seed());
        LatencyModel latency = new LatencyModel(config.nodes() + config.sybils(), random.split());
        this.network = new SimNetwork(loop, latency, random.split(), config.loss(), config.handshakeRtts());
        this.churn = new Churn(random.split());
    }

    public SimResult run() {
        return run(Progress.NONE);
    }

    /** Builds the network, runs the workload and returns what it measured; a simulation runs once. */
    public SimResult run(Progress progress) {
        long wallStart = System.nanoTime();
        KadConfig kad = kadConfig();
        SplittableRandom ids = random.split();
        for (int i = 0; i < config.nodes(); i++) {
            network.add(newNode(i, ids, kad, null));
        }
        long joinEnd = (config.nodes() + 1) * JOIN_GAP_MICROS;
        if (config.sybils() > 0) {
            network.sybils = new Sybils(config.nodes(), random.split());
            for (int s = 0; s < config.sybils(); s++) {
                SimNode sybil = newNode(config.nodes() + s, ids, kad, network.sybils.identity(ids));
                sybil.sybil = true;
                network.sybils.add(sybil.info);
                network.add(sybil);
                loop.after(joinEnd + s * JOIN_GAP_MICROS, () -> join(sybil, true));
            }
        }
        for (int i = 0; i < config.nodes(); i++) {
            SimNode n = network.node(i);
            if (i < BOOTSTRAP_NODES) {
                bootstrap.add(n);
                loop.after(0, () -> join(n));
            } else {
                boolean core = n.stable || !config.churning() || churn.core();
                if (!config.churning() || churn.onlineAtStart(core)) {
                    loop.after(i * JOIN_GAP_MICROS, () -> join(n, core));
                } else {
                    loop.after(joinEnd + churn.gapMicros(core), () -> join(n, core));
                }
            }
        }
        runPhase("joining", joinEnd + SETTLE_MICROS, progress);
        long workloadStart = loop.nowMicros();
        Workload workload = new Workload(loop, network, random.split(), config);
        long span = workload.plan();
        if (config.hours() > 0) {
            for (long h = 0; h * HOUR <= span; h++) {
                long hour = h;
                loop.after(h * HOUR, () -> onlineByHour.add(new int[] {(int) hour, onlineCount()}));
            }
        }
        long drain = workloadStart + span + 2 * Workload.OP_TIMEOUT.toNanos() / 1000;
        runPhase("workload", drain, progress);
        for (int extra = 0; extra < 20 && workload.running() > 0; extra++) {
            runPhase("draining", loop.nowMicros() + 60 * SECOND, progress);
        }
        sampleHeap();
        long wallNanos = System.nanoTime() - wallStart;
        return SimResult.of(config, workload.records, workloadStart, onlineByHour, loop, network.traffic, wallNanos,
                peakHeap, onlineCount());
    }

    private void runPhase(String phase, long untilMicros, Progress progress) {
        long startedAt = loop.nowMicros();
        while (loop.nowMicros() < untilMicros) {
            long ran = loop.runUntil(untilMicros, 200_000);
            sampleHeap();
            progress.update(phase, loop.nowMicros() - startedAt, untilMicros - startedAt);
            if (ran == 0) {
                break;
            }
        }
    }

    /** A node; {@code given} is its identity when chosen already (a Sybil's), else one is drawn. */
    private SimNode newNode(int i, SplittableRandom ids, KadConfig kad, PeerId given) {
        byte[] key = new byte[36]; // an Ed25519 public key as libp2p marshals it, inlined in the id
        ids.nextBytes(key);
        key[0] = 0x08;
        key[1] = 0x01;
        key[2] = 0x12;
        key[3] = 0x20;
        PeerId id = given != null ? given : new PeerId(Multihash.identity(key));
        // A public IPv4 address per node (so the routing table's diversity filter applies as on the internet).
        int ip = 0x0B000000 + (int) ((long) i * 2_654_435_761L % 0x50000000L);
        Multiaddr address = Multiaddr.parse("/ip4/" + (ip >>> 24 & 255) + "." + (ip >>> 16 & 255) + "." + (ip >>> 8 & 255)
                + "." + (ip & 255) + "/tcp/4001");
        boolean boot = i < BOOTSTRAP_NODES;
        boolean server = boot || ids.nextDouble() >= config.clients();
        boolean dialable = boot || !server || ids.nextDouble() >= config.undialable();
        SimNode n = new SimNode(i, id, new PeerInfo(id, List.of(address)), server, dialable, boot);
        n.engine = new KadEngine(id, kad, network.viewOf(n), loop, new InMemoryRecordStore(), new InMemoryProviderStore(),
                SIM_RECORDS, ids.split());
        n.engine.setServerMode(server);
        return n;
    }

    private KadConfig kadConfig() {
        KadConfig kad = KadConfig.DEFAULT.withLookup(new LookupConfig(20, config.alpha(), config.beta(),
                Duration.ofSeconds(10), config.disjoint()))
                .withReprovideStrategy(config.sweepReprovide() ? ReprovideStrategy.SWEEP : ReprovideStrategy.PER_KEY);
        return config.renew() ? kad : kad.withRenewalInterval(Duration.ofDays(3650));
    }

    /** A bootstrap node comes online and dials the bootstrap nodes that came before it. */
    private void join(SimNode n) {
        n.online = true;
        for (SimNode b : bootstrap) {
            if (b == n) {
                break;
            }
            network.connect(n, b);
        }
        n.engine.startMaintenance();
    }

    /** A node comes online: dials two bootstrap nodes, then bootstraps; under churn, plans its leaving. */
    private void join(SimNode n, boolean core) {
        n.online = true;
        SimNode first = bootstrap.get(random.nextInt(bootstrap.size()));
        SimNode second = bootstrap.get(random.nextInt(bootstrap.size()));
        network.connect(n, first);
        if (second != first) {
            network.connect(n, second);
        }
        int session = n.session;
        loop.after(2 * SECOND, () -> {
            if (n.online && n.session == session) {
                n.engine.bootstrap();
                n.engine.startMaintenance();
            }
        });
        if (config.churning() && !n.stable && !n.sybil) {
            loop.after(churn.sessionMicros(core), () -> leave(n, core));
        }
    }

    private void leave(SimNode n, boolean core) {
        n.online = false;
        n.session++;
        n.connections.clear();
        n.activeOp = null;
        n.engine.stopMaintenance();
        loop.after(churn.gapMicros(core), () -> join(n, core));
    }

    private int onlineCount() {
        int online = 0;
        for (int i = 0; i < network.size(); i++) {
            if (network.node(i).online) {
                online++;
            }
        }
        return online;
    }

    private void sampleHeap() {
        Runtime r = Runtime.getRuntime();
        peakHeap = Math.max(peakHeap, r.totalMemory() - r.freeMemory());
    }
}
