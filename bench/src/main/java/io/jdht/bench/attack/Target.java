package io.jdht.bench.attack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.jdht.bench.DaemonProcess;
import io.jdht.crypto.KeyType;
import io.jdht.crypto.PeerId;
import io.jdht.daemon.config.Config;
import io.jdht.daemon.config.ConfigSchema;
import io.jdht.daemon.repo.Repo;
import io.jdht.multiformats.Multiaddr;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The daemon under attack: a fresh repo ({@code --profile test}, so it listens on 127.0.0.1 only,
 * with {@code Routing.Type dhtserver} so that it answers the DHT), run by {@link DaemonProcess} with
 * {@code -Xmx<heap>} and the flags of {@code bin/jvm-options}; and what can be read of it from
 * outside: liveness, RSS, heap, connections.
 */
final class Target implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Pattern SWARM = Pattern.compile("Swarm listening on (/\\S+)");
    private static final Pattern JCMD_USED = Pattern.compile("used (\\d+)K");

    private final DaemonProcess daemon;
    private final Path dir;
    private final PeerId peer;
    private final Multiaddr address;

    private Target(DaemonProcess daemon, Path dir, PeerId peer, Multiaddr address) {
        this.daemon = daemon;
        this.dir = dir;
        this.peer = peer;
        this.address = address;
    }

    /**
     * Initialises a repo in a new temporary folder and starts a daemon on it; with
     * {@code limitLoopback} the daemon applies its per-address limits to 127.0.0.1 too
     * ({@code Jdht.Swarm.ExemptLoopback false}), so that attackers and the legitimate client alike
     * meet them as one address.
     */
    static Target start(String heap, boolean limitLoopback) throws Exception {
        Path dir = Files.createTempDirectory("jdht-attack");
        Repo repo = Repo.at(dir.resolve("repo"));
        repo.init(KeyType.ED25519, "test");
        Config c = repo.readConfig();
        c.set(ConfigSchema.field("Routing.Type").orElseThrow(), JsonNodeFactory.instance.textNode("dhtserver"));
        c.set(ConfigSchema.field("Jdht.Swarm.ExemptLoopback").orElseThrow(), JsonNodeFactory.instance.booleanNode(!limitLoopback));
        repo.writeConfig(c);
        PeerId peer = PeerId.fromPublicKey(repo.identity().orElseThrow().publicKey());
        List<String> jvm = new ArrayList<>();
        jvm.add("-Xmx" + heap);
        jvmOptionsFile().ifPresentOrElse(f -> jvm.add("@" + f),
                () -> jvm.addAll(List.of("-XX:+UseG1GC", "-XX:+ExitOnOutOfMemoryError")));
        DaemonProcess d = DaemonProcess.start(repo, jvm);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            Matcher m = SWARM.matcher(Files.readString(d.log()));
            if (m.find()) {
                Multiaddr swarm = Multiaddr.parse(m.group(1));
                return new Target(d, dir, peer, swarm.peerIdMultihash().isPresent() ? swarm
                        : swarm.encapsulate(Multiaddr.parse("/p2p/" + peer)));
            }
            if (System.nanoTime() > deadline) {
                d.close();
                throw new IOException("the daemon did not say where it listens: " + Files.readString(d.log()));
            }
            Thread.sleep(20);
        }
    }

    /**
     * {@code bin/jvm-options} of this checkout: looked for from the system property
     * {@code jdht.root}, the working folder and its parents, and the folders above the bench jar.
     */
    static Optional<Path> jvmOptionsFile() {
        List<Path> starts = new ArrayList<>();
        String root = System.getProperty("jdht.root");
        if (root != null) {
            starts.add(Path.of(root));
        }
        starts.add(Path.of("").toAbsolutePath());
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            if (entry.contains("bench")) {
                starts.add(Path.of(entry).toAbsolutePath());
            }
        }
        for (Path start : starts) {
            for (Path p = start; p != null; p = p.getParent()) {
                Path f = p.resolve("bin").resolve("jvm-options");
                if (Files.isRegularFile(f)) {
                    return Optional.of(f);
                }
            }
        }
        return Optional.empty();
    }

    PeerId peer() {
        return peer;
    }

    /** The daemon's swarm address, ending in {@code /p2p/<id>}. */
    Multiaddr address() {
        return address;
    }

    /** The swarm port on 127.0.0.1, for raw sockets. */
    int port() {
        return Integer.parseInt(address.components().get(1).valueString());
    }

    long pid() {
        return daemon.process().pid();
    }

    /** Runs {@code action} when the daemon's process ends. */
    void onExit(Runnable action) {
        daemon.process().onExit().thenRun(action);
    }

    boolean alive() {
        return daemon.process().isAlive();
    }

    /** Why the daemon is gone: its exit code and whether it said it ran out of memory. */
    String death() {
        if (alive()) {
            return "alive";
        }
        String log = log();
        boolean oom = log.contains("out of memory") || log.contains("OutOfMemoryError");
        return "DEAD (exit " + daemon.process().exitValue() + (oom ? ", out of memory" : "") + ")";
    }

    String log() {
        try {
            return Files.readString(daemon.log(), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return "";
        }
    }

    /** How many lines of the daemon's log contain {@code text}. */
    long logLines(String text) {
        return log().lines().filter(l -> l.contains(text)).count();
    }

    /** VmRSS or VmHWM (the peak) of the daemon in MB, NaN once it is gone. */
    double rssMb(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid() + "/status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // gone, or not Linux
        }
        return Double.NaN;
    }

    /** The Prometheus page, or empty if the API does not answer within {@code timeout}. */
    Optional<String> metrics(Duration timeout) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(daemon.api() + "/debug/metrics/prometheus"))
                    .timeout(timeout).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? Optional.of(r.body()) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** One number from the metrics page (summed over the series whose labels contain {@code labels}), NaN if unreadable. */
    double metric(String name, String labels) {
        return metrics(Duration.ofSeconds(5)).map(p -> sum(p, name, labels)).orElse(Double.NaN);
    }

    /** Heap in use (MB) by the metrics, else by {@code jcmd GC.heap_info}. */
    double heapUsedMb() {
        double bytes = metric("jvm_memory_used_bytes", "area=\"heap\"");
        if (!Double.isNaN(bytes)) {
            return bytes / (1 << 20);
        }
        Matcher m = JCMD_USED.matcher(jcmd("GC.heap_info"));
        return m.find() ? Long.parseLong(m.group(1)) / 1024.0 : Double.NaN;
    }

    /** Heap in use (MB) right after a full collection asked for with {@code jcmd GC.run}: what the daemon keeps. */
    double heapAfterGcMb() {
        if (!alive()) {
            return Double.NaN;
        }
        jcmd("GC.run");
        return heapUsedMb();
    }

    String jcmd(String command) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        try {
            Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid()), command).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** POSTs an API command ({@code swarm/peers}) and parses the JSON answer; empty if it fails. */
    Optional<JsonNode> api(String command, Duration timeout) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(daemon.api() + "/api/v0/" + command))
                    .timeout(timeout).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? Optional.of(new ObjectMapper().readTree(r.body())) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** Peers {@code swarm/peers} lists, -1 if it does not answer. */
    int swarmPeers() {
        return api("swarm/peers", Duration.ofSeconds(10)).map(j -> j.path("Peers").size()).orElse(-1);
    }

    /**
     * The sum of the values of the series {@code name} on a Prometheus text page whose label text
     * contains {@code labels} (empty: every series of that name); NaN when there is none.
     */
    static double sum(String page, String name, String labels) {
        double total = 0;
        boolean found = false;
        for (String line : page.split("\n")) {
            if (line.isEmpty() || line.startsWith("#") || !line.startsWith(name)) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            String series = line.substring(0, space);
            int brace = series.indexOf('{');
            String seriesName = brace < 0 ? series : series.substring(0, brace);
            String seriesLabels = brace < 0 ? "" : series.substring(brace);
            if (!seriesName.equals(name) || !seriesLabels.contains(labels)) {
                continue;
            }
            try {
                total += Double.parseDouble(line.substring(space + 1));
                found = true;
            } catch (NumberFormatException e) {
                // not a sample line
            }
        }
        return found ? total : Double.NaN;
    }

    /** Stops the daemon (SIGTERM, then SIGKILL) and, unless {@code keep}, deletes its repo. */
    void close(boolean keep) throws InterruptedException {
        daemon.close();
        if (!keep) {
            try (var walk = Files.walk(dir)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // a temp folder left behind
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        close(false);
    }

    Path dir() {
        return dir;
    }
}
