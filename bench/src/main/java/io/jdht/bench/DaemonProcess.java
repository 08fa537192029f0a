package io.jdht.bench;

import io.jdht.daemon.repo.Repo;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code jdht daemon} in a child JVM of this one's classpath, for benchmarks that measure the
 * daemon as users run it: its start, its memory, its API. Closing it sends SIGTERM and waits.
 * Public for the attack benchmarks ({@code io.jdht.bench.attack}).
 */
public final class DaemonProcess implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    final Repo repo;
    final Process process;
    final long startedNanos;
    final Path log;

    private DaemonProcess(Repo repo, Process process, long startedNanos, Path log) {
        this.repo = repo;
        this.process = process;
        this.startedNanos = startedNanos;
        this.log = log;
    }

    /** Starts the daemon and waits (at most 2 minutes) until its api file appears. */
    public static DaemonProcess start(Repo repo, List<String> jvmOptions) throws IOException, InterruptedException {
        Files.deleteIfExists(repo.apiFile());
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> cmd = new java.util.ArrayList<>(List.of(java.toString(), "-XX:+UseCompactObjectHeaders",
                "--enable-native-access=ALL-UNNAMED"));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.jdht.cli.Main", "daemon", "--repo",
                repo.dir().toString()));
        Path log = repo.dir().resolve("daemon.log");
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        DaemonProcess d = new DaemonProcess(repo, p, t0, log);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (repo.apiAddress().isEmpty()) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                d.close();
                throw new IOException("the daemon did not start: " + Files.readString(log));
            }
            Thread.sleep(10);
        }
        return d;
    }

    public String api() {
        var c = repo.apiAddress().orElseThrow().components();
        return "http://" + c.get(0).valueString() + ":" + c.get(1).valueString();
    }

    /** One series of the metrics page, or NaN if it is not there yet. */
    public double metric(String series) throws IOException, InterruptedException {
        String page = HTTP.send(HttpRequest.newBuilder(URI.create(api() + "/debug/metrics/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " ([0-9.eE+-]+)$").matcher(page);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    /** Resident set of the daemon's process in MB (Linux), NaN elsewhere. */
    public double residentMb() {
        return DhtLatencyBench.residentMb(Long.toString(process.pid()));
    }

    public Repo repo() {
        return repo;
    }

    public Process process() {
        return process;
    }

    /** The daemon's stdout and stderr. */
    public Path log() {
        return log;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    static Duration since(long nanos) {
        return Duration.ofNanos(System.nanoTime() - nanos);
    }
}
