package io.jdht.bench.attack;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Attacks on a {@code jdht daemon}, from the project's hardening issue, each against a fresh
 * daemon, each bounded in count and time, each printing one line: the attack, its parameters and
 * what it did: whether the daemon is still alive, its RSS before and at its peak ({@code VmRSS},
 * {@code VmHWM}), its heap (metrics page) at its peak and after a full GC, the peak of its open
 * connections, and how a legitimate client fared during and after the attack (ping on a fresh
 * stream, {@code dht get} of a {@code /pk/} record and {@code findprovs} of a provided block,
 * each through the daemon and bounded by 5 s; see {@link LegitClient}).
 *
 * <pre>
 * ./mvnw -q -pl bench -am package -DskipTests
 * J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java     # any JDK &gt;= 25
 * $J -XX:+UseCompactObjectHeaders --enable-native-access=ALL-UNNAMED -cp bench/target/jdht-bench.jar \
 *    io.jdht.bench.attack.AttackBench &lt;attack&gt; [--heap 512m] [--duration 60s] [--count N] ...
 * </pre>
 *
 * <ul>
 *   <li>{@code identities [--count 6000] [--protocols 600] [--protocol-length 200] [--parallel 64] [--keep-open]}: fresh
 *       identities whose identify lists many long protocols, each connection closed once identified ({@link IdentitiesAttack});
 *   <li>{@code hold [--count 1100] [--parallel 64]}: connections held to the end ({@link HoldAttack});
 *   <li>{@code burst [--count 2500]}: dials all at once, 30 s ({@link BurstAttack});
 *   <li>{@code silent [--batches 2] [--count 9000] [--parallel 64]}: raw TCP connections that never send
 *       ({@link SilentAttack});
 *   <li>{@code unread-get [--size 4m-4096] [--streams 100] [--requests 4]}: a large record asked for on streams
 *       that never read ({@link UnreadGetAttack});
 *   <li>{@code partial-frames [--streams 256] [--frame 4m] [--size 4m-1]}: frames that never finish
 *       ({@link PartialFramesAttack});
 *   <li>{@code unknown-fields [--senders 4] [--count 16] [--size 4m]}: FIND_NODE made of unknown protobuf fields
 *       ({@link UnknownFieldsAttack});
 *   <li>{@code put-flood [--count 15000] [--size 100k] [--senders 4] [--parallel 4] [--namespace none|ipns]}
 *       ({@link PutFloodAttack});
 *   <li>{@code provider-flood [--count 101000] [--per-stream 16] [--parallel 64]}: then a legitimate provide and findprovs
 *       ({@link ProviderFloodAttack});
 *   <li>{@code perf [--uploads 8] [--upload-size 8m] [--downloads 32] [--download-size 4m]} ({@link PerfAttack});
 *   <li>{@code all}: each of them in turn, then a Markdown table. Give {@code --scale 0.1} to run every
 *       default count at a tenth (counts given by name are taken as they are).
 * </ul>
 *
 * <p>Options of every attack: {@code --heap} (512m) the daemon's {@code -Xmx} (it runs with
 * {@code bin/jvm-options} too, found above the working folder or the jar, so it exits on
 * OutOfMemoryError); {@code --duration} (60 s; burst 30 s) the bound of the attack; {@code --interval}
 * (1 s) between legitimate rounds; {@code --probe-timeout} (5 s) per legitimate operation;
 * {@code --keep} keeps the daemon's repo and log and prints where. Everything runs on 127.0.0.1,
 * which a jdht daemon exempts from its per-address limits (local clients), so by default only its
 * global limits are tested; {@code --limit-loopback} turns the exemption off
 * ({@code Jdht.Swarm.ExemptLoopback false}), and then attackers and the legitimate client share
 * one address's limits (handshakes in progress, new connections per second).
 */
public final class AttackBench {
    static final List<Attack> ATTACKS = List.of(new IdentitiesAttack(), new HoldAttack(), new BurstAttack(),
            new SilentAttack(), new UnreadGetAttack(), new PartialFramesAttack(), new UnknownFieldsAttack(),
            new PutFloodAttack(), new ProviderFloodAttack(), new PerfAttack());

    /** Options some attack reads (the rest would be typos). */
    private static final Set<String> KNOWN = Set.of("count", "protocols", "protocol-length", "parallel", "batches", "size",
            "streams", "requests", "frame", "per-stream", "senders", "namespace", "uploads", "upload-size", "downloads", "download-size", "keep-open");

    private AttackBench() {}

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
            Set<String> unknown = new HashSet<>(options.names());
            unknown.removeAll(Options.COMMON);
            unknown.removeAll(KNOWN);
            if (!unknown.isEmpty()) {
                throw new IllegalArgumentException("unknown options " + unknown);
            }
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            usage();
            System.exit(2);
            return;
        }
        if (options.attack().equals("all")) {
            List<String> rows = new ArrayList<>();
            for (Attack a : ATTACKS) {
                try {
                    Result r = run(a, options);
                    System.out.println(r.line());
                    rows.add(r.tableRow());
                } catch (Exception e) {
                    System.out.println(a.name() + ": the harness failed: " + Attackers.reason(e));
                    rows.add("| " + a.name() + " | | harness failed: " + Attackers.reason(e) + " | | | | | |");
                }
            }
            System.out.println();
            System.out.println(Result.TABLE_HEADER);
            rows.forEach(System.out::println);
        } else {
            Attack a = ATTACKS.stream().filter(x -> x.name().equals(options.attack())).findFirst().orElse(null);
            if (a == null) {
                System.err.println("unknown attack " + options.attack());
                usage();
                System.exit(2);
                return;
            }
            System.out.println(run(a, options).line());
        }
        System.exit(0);
    }

    private static void usage() {
        System.err.println("usage: AttackBench <attack>|all [--heap 512m] [--duration 60s] [--scale 1] [--interval 1s]"
                + " [--probe-timeout 5s] [--keep] [--limit-loopback] [attack options]");
        for (Attack a : ATTACKS) {
            System.err.printf("  %-15s %s%n", a.name(), a.description());
        }
    }

    /** A fresh daemon, the legitimate client, the attack, the measurements; everything stopped after. */
    static Result run(Attack attack, Options options) throws Exception {
        String heap = options.string("heap", "512m");
        Duration duration = options.duration("duration", attack.defaultDuration());
        Duration probeTimeout = options.duration("probe-timeout", Duration.ofSeconds(5));
        Duration interval = options.duration("interval", Duration.ofSeconds(1));
        boolean keep = options.has("keep");
        System.err.println("== " + attack.name() + ": starting a daemon (-Xmx" + heap
                + (options.has("limit-loopback") ? ", loopback not exempt" : "") + ")");
        Target target = Target.start(heap, options.has("limit-loopback"));
        try (LegitClient legit = LegitClient.start(target, probeTimeout)) {
            double rssBefore = target.rssMb("VmRSS");
            double heapBefore = target.heapUsedMb();
            Attack.Context ctx;
            String outcome;
            LegitClient.Report during;
            try (MemoryWatch watch = new MemoryWatch(target).start(); Attackers attackers = new Attackers(target)) {
                LegitClient.Probing probing = legit.startProbing(interval);
                ctx = new Attack.Context(target, legit, attackers, options.forAttack(attack.name()), duration);
                System.err.println("== " + attack.name() + ": attacking for at most " + duration.toSeconds() + " s");
                try {
                    outcome = attack.run(ctx);
                } catch (Exception | OutOfMemoryError e) {
                    outcome = "the attack stopped: " + Attackers.reason(e);
                }
                during = probing.stop();
                watch.close();
                String missed = watch.missed();
                if (!missed.isEmpty()) {
                    outcome += "; " + missed;
                }
                double rssPeak = Math.max(watch.rssPeakMb(), target.rssMb("VmHWM"));
                double heapPeak = watch.heapPeakMb();
                double connPeak = watch.connectionsPeak();
                System.err.println("== " + attack.name() + ": attack over, closing the attackers");
                attackers.close();
                LegitClient.Report after = legit.rounds(3);
                double heapAfterGc = target.heapAfterGcMb();
                if (keep) {
                    outcome += "; repo and daemon.log kept in " + target.dir();
                }
                return new Result(attack.name(), ctx.parameters(), target.death() + watch.death(), rssBefore,
                        Double.isNaN(rssPeak) ? watch.rssPeakMb() : rssPeak, heapBefore, heapPeak, heapAfterGc, connPeak,
                        during, after, outcome);
            }
        } finally {
            target.close(keep);
        }
    }
}
