package io.jdht.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jdht.crypto.KeyType;
import io.jdht.daemon.Daemon;
import io.jdht.daemon.DaemonOptions;
import io.jdht.daemon.repo.Repo;
import io.jdht.daemon.store.Datastore;
import io.jdht.kad.RenewalLog;
import io.jdht.multiformats.Cid;
import io.jdht.node.DhtKeys;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jdht daemon} as a process of its own: it writes the api file, stops cleanly on SIGTERM
 * (api file gone, repo free again), and an acknowledged put or provide survives {@code kill -9}.
 */
@Timeout(180)
class DaemonProcessTest {
    private static final Duration START = Duration.ofSeconds(60);
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<Process> processes = new ArrayList<>();
    private Daemon peer;

    @TempDir
    Path dir;

    @AfterEach
    void stop() throws Exception {
        for (Process p : processes) {
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
        if (peer != null) {
            peer.close();
        }
    }

    /** {@code jdht daemon --repo <repo>} in a child JVM with this test's classpath. */
    private Process daemon(Repo repo) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder pb = new ProcessBuilder(java.toString(), "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "daemon", "--repo", repo.dir().toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("daemon-" + processes.size() + ".log").toFile());
        Process p = pb.start();
        processes.add(p);
        await().atMost(START).until(() -> repo.apiAddress().isPresent() || !p.isAlive());
        assertThat(p.isAlive()).as("the daemon is running (log: %s)", log(processes.size() - 1)).isTrue();
        return p;
    }

    private String log(int n) throws IOException {
        Path f = dir.resolve("daemon-" + n + ".log");
        return Files.exists(f) ? Files.readString(f) : "";
    }

    private String api(Repo repo) {
        var c = repo.apiAddress().orElseThrow().components();
        return "http://" + c.get(0).valueString() + ":" + c.get(1).valueString() + "/api/v0/";
    }

    @Test
    void sigtermStopsCleanly() throws Exception {
        Repo repo = Repo.at(dir.resolve("r"));
        repo.init(KeyType.ED25519, "test");
        Process p = daemon(repo);
        var id = http.send(HttpRequest.newBuilder(URI.create(api(repo) + "id")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(id.statusCode()).isEqualTo(200);
        p.destroy(); // SIGTERM
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(repo.apiFile()).doesNotExist();
        assertThat(log(0)).contains("Daemon is ready").contains("RPC API server listening on /ip4/127.0.0.1/tcp/");
        // the repo is free: a daemon starts on it again, with the same identity
        try (Daemon again = Daemon.start(repo, DaemonOptions.fromConfig())) {
            assertThat(id.body()).contains(again.node().peerId().toString());
        }
    }

    @Test
    void acknowledgedWritesSurviveKillDashNine() throws Exception {
        Repo peerRepo = Repo.at(dir.resolve("peer"));
        peerRepo.init(KeyType.ED25519, "test");
        peer = Daemon.start(peerRepo, DaemonOptions.fromConfig());
        Repo repo = Repo.at(dir.resolve("r"));
        repo.init(KeyType.ED25519, "test");
        var config = repo.readConfig();
        config.set(io.jdht.daemon.config.ConfigSchema.field("Bootstrap").orElseThrow(),
                com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode()
                        .add(peer.node().addresses().getFirst().toString()));
        repo.writeConfig(config);
        Process p = daemon(repo);
        String base = api(repo);
        await().atMost(Duration.ofSeconds(30)).until(() -> peer.node().routingTable().join().size() == 1);

        // 1,000 writes from 8 threads: puts (of /pk/ records, which a daemon validates), and block/put +
        // provide; each acknowledged one is noted
        List<PkRecord> records = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            records.add(PkRecord.fresh());
        }
        Set<String> putAcked = ConcurrentHashMap.newKeySet();
        Set<String> provideAcked = ConcurrentHashMap.newKeySet();
        AtomicInteger acked = new AtomicInteger();
        ExecutorService burst = Executors.newFixedThreadPool(8);
        for (int i = 0; i < 1000; i++) {
            int n = i;
            burst.submit(() -> {
                try {
                    if (n % 2 == 0) {
                        PkRecord record = records.get(n / 2);
                        String key = record.key();
                        if (post(base + "routing/put?allow-offline=true&arg=" + key, record.value()) == 200) {
                            putAcked.add(key);
                            acked.incrementAndGet();
                        }
                    } else {
                        byte[] block = ("block " + n).getBytes(StandardCharsets.UTF_8);
                        String cid = Cid.v1(io.jdht.multiformats.Multicodec.RAW,
                                io.jdht.multiformats.Multihash.sha2_256(block)).toString();
                        if (post(base + "block/put", block) == 200
                                && post(base + "routing/provide?arg=" + cid, null) == 200) {
                            provideAcked.add(cid);
                            acked.incrementAndGet();
                        }
                    }
                } catch (IOException | InterruptedException e) {
                    // the daemon was killed under this request: not acknowledged
                }
            });
        }
        await().atMost(Duration.ofSeconds(120)).until(() -> acked.get() >= 300);
        p.destroyForcibly(); // SIGKILL, in the middle of the burst
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        burst.shutdown();
        assertThat(burst.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        assertThat(putAcked.size() + provideAcked.size()).isGreaterThanOrEqualTo(300).isLessThan(1000);

        try (Datastore store = Datastore.open(repo.datastoreDir())) {
            Instant now = Instant.now();
            for (String key : putAcked) {
                assertThat(store.records().get(DhtKeys.parse(key), now)).as("acknowledged put %s", key).isPresent();
            }
            Set<String> provided = ConcurrentHashMap.newKeySet();
            for (RenewalLog.Provided pr : store.persistence().savedProvided()) {
                provided.add(HexFormat.of().formatHex(pr.multihash()));
            }
            for (String cid : provideAcked) {
                Cid c = Cid.parse(cid);
                assertThat(store.blocks().has(c)).as("acknowledged block %s", cid).isTrue();
                assertThat(provided).as("acknowledged provide %s", cid).contains(HexFormat.of().formatHex(c.hash().toBytes()));
                assertThat(store.providers().providers(c.hash().toBytes(), now)).as("own provider record of %s", cid).isNotEmpty();
            }
        }
    }

    /** POSTs with the body as a multipart file part (or none); the status, or an exception if the daemon went away. */
    private int post(String url, byte[] file) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        if (file == null) {
            b.POST(HttpRequest.BodyPublishers.noBody());
        } else {
            String boundary = "burst";
            byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\"\r\n"
                    + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
            byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
            byte[] body = new byte[head.length + file.length + tail.length];
            System.arraycopy(head, 0, body, 0, head.length);
            System.arraycopy(file, 0, body, head.length, file.length);
            System.arraycopy(tail, 0, body, head.length + file.length, tail.length);
            b.header("Content-Type", "multipart/form-data; boundary=" + boundary).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        // a stream that ended with an error carries it in the trailer; the body of a successful put or provide has no Type 3
        return r.statusCode() == 200 && !r.body().contains("\"Type\":3") ? 200 : r.statusCode() == 200 ? 599 : r.statusCode();
    }

}
