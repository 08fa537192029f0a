package io.jdht.bench;

import io.jdht.crypto.KeyType;
import io.jdht.crypto.PeerId;
import io.jdht.crypto.PrivateKey;
import io.jdht.multiformats.Multiaddr;
import io.jdht.net.host.Connection;
import io.jdht.net.host.Host;
import io.jdht.net.host.HostConfig;
import io.jdht.net.perf.PerfResult;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Loopback macro benchmark of the libp2p layer, all in one run so the numbers compare:
 * the JDK ChaCha20-Poly1305 ceiling, /perf/1.0.0 throughput over TCP + Noise + yamux for
 * Java↔Java, Java↔js and js↔js, and full-handshake connections per second (Java↔Java).
 *
 * <p>Beside the rates, the Java↔Java rows print the CPU time the two hosts' event loops spent
 * per MB (or per connection), and the ceiling the CPU time one core spends encrypting a MB: on a
 * machine others share, wall-clock rates swing with their load, CPU time per byte much less.
 *
 * <p>Run from the repository root after {@code interop/js/install.sh}; see the README. Arguments:
 * {@code [MiB per transfer] [runs] [connections]} (defaults 256, 3, 300).
 */
public final class LoopbackBench {
    private LoopbackBench() {}

    public static void main(String[] args) throws Exception {
        long mib = args.length > 0 ? Long.parseLong(args[0]) : 256;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int connections = args.length > 2 ? Integer.parseInt(args[2]) : 300;
        long bytes = mib << 20;
        System.out.printf("jdht loopback benchmark: %d MiB per transfer, %d runs (median shown), Java %s, %d cores%n%n",
                mib, runs, Runtime.version(), Runtime.getRuntime().availableProcessors());

        double[] ceiling = chachaCeiling(Duration.ofSeconds(3));
        System.out.printf("%-44s %10.0f MB/s   (cpu %.0f us/MB)%n", "JDK ChaCha20-Poly1305, one core (ceiling)", ceiling[0], ceiling[1]);

        try (Host server = host(); Host client = host()) {
            server.enablePerf(Long.MAX_VALUE);
            PeerId sid = server.peerId();
            client.connect(address(server)).get(10, TimeUnit.SECONDS);
            client.perf(sid, 0, 64L << 20).get(60, TimeUnit.SECONDS); // warm-up
            client.perf(sid, 64L << 20, 0).get(60, TimeUnit.SECONDS);
            reportWithCpu("Java -> Java download", runs, bytes, () -> client.perf(sid, 0, bytes).get(300, TimeUnit.SECONDS));
            reportWithCpu("Java -> Java upload", runs, bytes, () -> client.perf(sid, bytes, 0).get(300, TimeUnit.SECONDS));
            long cpu0 = eventLoopCpuNanos();
            double perSecond = connectionsPerSecond(client, server, connections);
            // the warm-up dials count too: min(50, n) of them before the n measured ones
            double cpuPerConnection = (eventLoopCpuNanos() - cpu0) / 1e3 / (connections + Math.min(50, connections));
            System.out.printf("%-44s %10.0f conn/s   (event loops' cpu %.0f us/conn)%n", "Java -> Java connections (TCP+Noise+yamux)",
                    perSecond, cpuPerConnection);

            if (!java.nio.file.Files.isExecutable(JsPeer.jsDir().resolve("node_modules/.bin/node"))) {
                System.out.println("\n(js rows skipped: run interop/js/install.sh first)");
                return;
            }
            try (JsPeer js = JsPeer.start(); JsPeer js2 = JsPeer.start()) {
                PeerId jid = PeerId.parse(js.peerId());
                client.connect(Multiaddr.parse(js.address())).get(10, TimeUnit.SECONDS);
                client.perf(jid, 0, 64L << 20).get(60, TimeUnit.SECONDS);
                report("Java -> js download", runs, bytes, () -> client.perf(jid, 0, bytes).get(300, TimeUnit.SECONDS));
                report("Java -> js upload", runs, bytes, () -> client.perf(jid, bytes, 0).get(300, TimeUnit.SECONDS));
                String javaAddr = address(server).toString();
                report("js -> Java download", runs, bytes, () -> jsPerf(js, javaAddr, 0, bytes));
                report("js -> Java upload", runs, bytes, () -> jsPerf(js, javaAddr, bytes, 0));
                report("js -> js download", runs, bytes, () -> jsPerf(js2, js.address(), 0, bytes));
                report("js -> js upload", runs, bytes, () -> jsPerf(js2, js.address(), bytes, 0));
            }
        }
    }

    private interface Transfer {
        PerfResult run() throws Exception;
    }

    private static void report(String name, int runs, long bytes, Transfer t) throws Exception {
        List<Double> rates = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            PerfResult r = t.run();
            if (r.uploadedBytes() + r.downloadedBytes() != bytes) {
                throw new IllegalStateException(name + " moved " + (r.uploadedBytes() + r.downloadedBytes()) + " bytes");
            }
            rates.add(r.megabytesPerSecond());
        }
        Collections.sort(rates);
        System.out.printf("%-44s %10.0f MB/s   (runs: %s)%n", name, rates.get(rates.size() / 2),
                rates.stream().map(v -> String.format("%.0f", v)).toList());
    }

    /** As {@link #report}, adding the CPU time the event loops of both hosts spent per MB (median). */
    private static void reportWithCpu(String name, int runs, long bytes, Transfer t) throws Exception {
        List<Double> rates = new ArrayList<>();
        List<Double> cpu = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            long cpu0 = eventLoopCpuNanos();
            PerfResult r = t.run();
            cpu.add((eventLoopCpuNanos() - cpu0) / 1e3 / (bytes / 1e6));
            if (r.uploadedBytes() + r.downloadedBytes() != bytes) {
                throw new IllegalStateException(name + " moved " + (r.uploadedBytes() + r.downloadedBytes()) + " bytes");
            }
            rates.add(r.megabytesPerSecond());
        }
        Collections.sort(rates);
        Collections.sort(cpu);
        System.out.printf("%-44s %10.0f MB/s   (runs: %s; event loops' cpu %.0f us/MB)%n", name, rates.get(rates.size() / 2),
                rates.stream().map(v -> String.format("%.0f", v)).toList(), cpu.get(cpu.size() / 2));
    }

    /** CPU time of all Netty event-loop threads in this JVM (both hosts), user and system. */
    private static long eventLoopCpuNanos() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long total = 0;
        for (ThreadInfo info : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith("jdht-io")) {
                total += Math.max(0, mx.getThreadCpuTime(info.getThreadId()));
            }
        }
        return total;
    }

    private static PerfResult jsPerf(JsPeer js, String addr, long up, long down) throws Exception {
        var r = js.call("perf", Map.of("addr", addr, "uploadBytes", up, "downloadBytes", down), Duration.ofMinutes(5));
        return new PerfResult(r.get("uploadBytes").asLong(), r.get("downloadBytes").asLong(),
                Duration.ofNanos((long) (r.get("seconds").asDouble() * 1e9)));
    }

    private static double connectionsPerSecond(Host client, Host server, int n) throws Exception {
        // fresh client hosts would measure key generation too; one client dialling and hanging up
        // repeatedly measures TCP + multistream + Noise XX + yamux set-up and tear-down
        for (int i = 0; i < Math.min(50, n); i++) {
            dialAndClose(client, server);
        }
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            dialAndClose(client, server);
        }
        return n / ((System.nanoTime() - start) / 1e9);
    }

    private static void dialAndClose(Host client, Host server) throws Exception {
        client.connection(server.peerId()).ifPresent(c -> c.close().join());
        Connection c = client.connect(address(server)).get(10, TimeUnit.SECONDS);
        c.close().get(10, TimeUnit.SECONDS);
    }

    /** MB/s of one thread encrypting 64 KiB messages, and the CPU time it spent per MB. */
    private static double[] chachaCeiling(Duration d) throws Exception {
        Cipher cipher = Cipher.getInstance("ChaCha20-Poly1305");
        SecretKeySpec key = new SecretKeySpec(new byte[32], "ChaCha20");
        byte[] plain = new byte[65519];
        byte[] out = new byte[65535];
        byte[] iv = new byte[12];
        long nonce = 0;
        long bytes = 0;
        long end = System.nanoTime() + d.toNanos();
        long start = 0;
        long cpuStart = 0;
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        boolean warm = false;
        while (System.nanoTime() < end) {
            long n = nonce++;
            for (int i = 0; i < 8; i++) {
                iv[4 + i] = (byte) (n >>> (8 * i));
            }
            cipher.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(iv));
            cipher.doFinal(plain, 0, plain.length, out, 0);
            if (!warm && nonce == 2000) {
                warm = true;
                start = System.nanoTime();
                cpuStart = mx.getCurrentThreadCpuTime();
                bytes = 0;
            }
            bytes += plain.length;
        }
        double mb = bytes / 1e6;
        return new double[] {mb / ((System.nanoTime() - start) / 1e9), (mx.getCurrentThreadCpuTime() - cpuStart) / 1e3 / mb};
    }

    private static Host host() {
        PrivateKey key = PrivateKey.generate(KeyType.ED25519, new SecureRandom());
        Host h = Host.create(HostConfig.builder(key).build());
        h.start().join();
        return h;
    }

    private static Multiaddr address(Host h) {
        return h.listenAddresses().get(0).encapsulate(Multiaddr.parse("/p2p/" + h.peerId()));
    }
}
