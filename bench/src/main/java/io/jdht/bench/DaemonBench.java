package io.jdht.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.jdht.crypto.KeyType;
import io.jdht.crypto.PeerId;
import io.jdht.crypto.PrivateKey;
import io.jdht.daemon.config.Config;
import io.jdht.daemon.config.ConfigSchema;
import io.jdht.daemon.repo.Repo;
import io.jdht.daemon.store.Datastore;
import io.jdht.kad.record.ProviderRecord;
import io.jdht.multiformats.Multiaddr;
import io.jdht.multiformats.Multihash;
import io.jdht.node.Node;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The daemon's figures, each measured on a {@code jdht daemon} child process on 127.0.0.1:
 *
 * <ul>
 *   <li>{@code start [nodes]}: time from the process start to a useful routing table (20 peers) in
 *       a network of {@code nodes} (default 40) in-process DHT servers, cold and after a restart
 *       (the saved table), and the idle RSS;
 *   <li>{@code providers [count]}: a datastore with {@code count} (default 1,000,000) provider
 *       records: time to write it, file size, the daemon's load time and RSS with it;
 *   <li>{@code rps [seconds] [clients]}: requests per second {@code routing/get} of a stored key
 *       sustains, with latency percentiles;
 *   <li>{@code cli [runs]}: {@code bin/jdht dht get} through the daemon against the short-lived mode.
 * </ul>
 *
 * <p>Run: {@code java -cp bench/target/jdht-bench.jar io.jdht.bench.DaemonBench start|providers|rps|cli [args]}
 */
public final class DaemonBench {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private DaemonBench() {}

    public static void main(String[] args) throws Exception {
        String what = args.length > 0 ? args[0] : "start";
        Path dir = Files.createTempDirectory("jdht-daemon-bench");
        switch (what) {
            case "start" -> start(dir, args.length > 1 ? Integer.parseInt(args[1]) : 40);
            case "providers" -> providers(dir, args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000);
            case "rps" -> rps(dir, args.length > 1 ? Integer.parseInt(args[1]) : 10, args.length > 2 ? Integer.parseInt(args[2]) : 16);
            case "cli" -> cli(dir, args.length > 1 ? Integer.parseInt(args[1]) : 5);
            default -> throw new IllegalArgumentException("unknown benchmark " + what + "; start, providers, rps or cli");
        }
        System.exit(0);
    }

    /** A repo with the test profile, bootstrapping through {@code peers}. */
    static Repo repo(Path dir, List<Multiaddr> peers) throws Exception {
        Repo r = Repo.at(dir);
        r.init(KeyType.ED25519, "test");
        Config c = r.readConfig();
        var list = JsonNodeFactory.instance.arrayNode();
        peers.forEach(p -> list.add(p.toString()));
        c.set(ConfigSchema.field("Bootstrap").orElseThrow(), list);
        c.set(ConfigSchema.field("Routing.Type").orElseThrow(), JsonNodeFactory.instance.textNode("dhtserver"));
        r.writeConfig(c);
        return r;
    }

    static List<Node> network(int n) throws Exception {
        List<Node> nodes = new ArrayList<>();
        Random random = new Random(7);
        for (int i = 0; i < n; i++) {
            Node node = Node.builder().listen("/ip4/127.0.0.1/tcp/0").build();
            node.start().get(30, TimeUnit.SECONDS);
            for (int j = 0; j < Math.min(3, i); j++) {
                node.connect(nodes.get(random.nextInt(i)).addresses().getFirst()).get(30, TimeUnit.SECONDS);
            }
            nodes.add(node);
        }
        for (Node node : nodes) {
            node.bootstrap(List.of()).get(60, TimeUnit.SECONDS); // a self lookup fills each table
        }
        return nodes;
    }

    private static void start(Path dir, int n) throws Exception {
        List<Node> nodes = network(n);
        try {
            Repo repo = repo(dir.resolve("daemon"), List.of(nodes.get(0).addresses().getFirst()));
            int useful = Math.min(20, n);
            for (String run : List.of("cold", "restart", "restart")) {
                try (DaemonProcess d = DaemonProcess.start(repo, List.of())) {
                    Duration api = DaemonProcess.since(d.startedNanos);
                    while (!(d.metric("jdht_routing_table_peers") >= useful)) {
                        Thread.sleep(5);
                    }
                    Duration table = DaemonProcess.since(d.startedNanos);
                    System.out.printf(Locale.ROOT, "%-8s API up %6.0f ms, %d peers in the routing table %6.0f ms after the process started%n",
                            run, api.toNanos() / 1e6, useful, table.toNanos() / 1e6);
                    if (run.equals("cold")) {
                        Thread.sleep(10_000);
                        System.out.printf(Locale.ROOT, "idle RSS after 10 s: %.0f MB (default heap sizing)%n", d.residentMb());
                    }
                }
            }
        } finally {
            nodes.forEach(Node::close);
        }
    }

    private static void providers(Path dir, int count) throws Exception {
        Repo repo = repo(dir.resolve("daemon"), List.of());
        List<PeerId> peers = new ArrayList<>();
        SecureRandom sr = new SecureRandom();
        for (int i = 0; i < 1000; i++) {
            peers.add(PeerId.fromPublicKey(PrivateKey.generate(KeyType.ED25519, sr).publicKey()));
        }
        Random random = new Random(1);
        long t0 = System.nanoTime();
        Instant now = Instant.now();
        try (Datastore store = Datastore.open(repo.datastoreDir())) {
            byte[] digest = new byte[32];
            for (int i = 0; i < count; i++) {
                random.nextBytes(digest);
                PeerId p = peers.get(i % peers.size());
                store.providers().add(Multihash.of(0x12, digest.clone()).toBytes(), new ProviderRecord(p,
                        List.of(Multiaddr.parse("/ip4/10.0." + (i % 250) + ".1/tcp/4001")), now));
            }
            store.sync().get(30, TimeUnit.MINUTES);
        }
        Duration write = DaemonProcess.since(t0);
        long size = Files.size(repo.datastoreDir().resolve("datastore.mv.db"));
        System.out.printf(Locale.ROOT, "%,d provider records written in %.1f s; datastore file %.0f MB (%.0f bytes per record)%n",
                count, write.toMillis() / 1e3, size / 1e6, (double) size / count);
        for (String heap : List.of("default", "-Xmx1g")) {
            List<String> opts = heap.equals("default") ? List.of() : List.of(heap);
            try (DaemonProcess d = DaemonProcess.start(repo, opts)) {
                Duration up = DaemonProcess.since(d.startedNanos);
                String loadLine = Files.readAllLines(d.log).stream().filter(l -> l.startsWith("datastore ")).findFirst().orElse("?");
                Thread.sleep(10_000);
                System.out.printf(Locale.ROOT, "daemon (%s heap) with them: API up after %.1f s, RSS after 10 s %.0f MB, %s provider keys%n",
                        heap, up.toMillis() / 1e3, d.residentMb(), (long) d.metric("jdht_dht_provider_keys"));
                System.out.println("  " + loadLine);
            }
        }
    }

    private static void rps(Path dir, int seconds, int clients) throws Exception {
        Repo repo = repo(dir.resolve("daemon"), List.of());
        try (DaemonProcess d = DaemonProcess.start(repo, List.of())) {
            String base = d.api() + "/api/v0/";
            String boundary = "b";
            byte[] body = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\"\r\n\r\nvalue\r\n--"
                    + boundary + "--\r\n").getBytes();
            var put = HTTP.send(HttpRequest.newBuilder(URI.create(base + "routing/put?arg=/bench/key&allow-offline=true"))
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (put.statusCode() != 200) {
                throw new IllegalStateException("put failed: " + put.body());
            }
            HttpRequest get = HttpRequest.newBuilder(URI.create(base + "routing/get?arg=/bench/key"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build();
            for (int i = 0; i < 2000; i++) { // warm-up of both JVMs
                HTTP.send(get, HttpResponse.BodyHandlers.ofString());
            }
            AtomicLong done = new AtomicLong();
            AtomicLong failed = new AtomicLong();
            long[][] latencies = new long[clients][];
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            List<Thread> threads = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int me = c;
                threads.add(Thread.ofVirtual().start(() -> {
                    long[] mine = new long[1 << 20];
                    int k = 0;
                    while (System.nanoTime() < end && k < mine.length) {
                        long t = System.nanoTime();
                        try {
                            var r = HTTP.send(get, HttpResponse.BodyHandlers.ofString());
                            if (r.statusCode() == 200 && r.body().contains("\"Type\":5")) {
                                done.incrementAndGet();
                            } else {
                                failed.incrementAndGet();
                            }
                        } catch (Exception e) {
                            failed.incrementAndGet();
                        }
                        mine[k++] = System.nanoTime() - t;
                    }
                    latencies[me] = Arrays.copyOf(mine, k);
                }));
            }
            for (Thread t : threads) {
                t.join();
            }
            long[] all = Arrays.stream(latencies).flatMapToLong(Arrays::stream).sorted().toArray();
            System.out.printf(Locale.ROOT, "routing/get of a stored key, %d clients, %d s: %.0f requests/s, %d failed; "
                    + "latency p50 %.2f ms, p99 %.2f ms; daemon RSS %.0f MB%n", clients, seconds, done.get() / (double) seconds,
                    failed.get(), all[all.length / 2] / 1e6, all[(int) (all.length * 0.99)] / 1e6, d.residentMb());
        }
    }

    private static void cli(Path dir, int runs) throws Exception {
        List<Node> nodes = network(10);
        try {
            Repo repo = repo(dir.resolve("daemon"), List.of(nodes.get(0).addresses().getFirst()));
            nodes.get(3).dht().put("/bench/cli".getBytes(), "value".getBytes()).get(30, TimeUnit.SECONDS);
            Path jdht = Path.of("bin", "jdht").toAbsolutePath();
            try (DaemonProcess d = DaemonProcess.start(repo, List.of())) {
                while (!(d.metric("jdht_routing_table_peers") >= 5)) {
                    Thread.sleep(10);
                }
                double viaDaemon = medianMs(runs, List.of(jdht.toString(), "dht", "get", "--repo", repo.dir().toString(), "/bench/cli"));
                double shortLived = medianMs(runs, List.of(jdht.toString(), "dht", "get", "--bootstrap",
                        nodes.get(0).addresses().getFirst().toString(), "/bench/cli"));
                System.out.printf(Locale.ROOT, "bin/jdht dht get, median of %d runs (whole process): through the daemon %.0f ms, "
                        + "short-lived node (--bootstrap) %.0f ms%n", runs, viaDaemon, shortLived);
            }
        } finally {
            nodes.forEach(Node::close);
        }
    }

    private static double medianMs(int runs, List<String> command) throws Exception {
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
            pb.environment().put("JDHT_SKIP_BUILD", "1");
            long t = System.nanoTime();
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0 || !out.contains("value")) {
                throw new IllegalStateException(command + " failed: " + out);
            }
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(ms);
        return ms[runs / 2];
    }
}
