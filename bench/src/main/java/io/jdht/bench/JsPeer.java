package io.jdht.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A js-libp2p node in a child process ({@code interop/js/peer.mjs} on the Node 22 the build
 * installed), driven by JSON lines over stdin/stdout. The process exits when its stdin closes, so
 * even a test JVM that dies cannot leave it behind; {@link #close()} stops it and waits.
 */
public final class JsPeer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Writer stdin;
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final AtomicInteger nextId = new AtomicInteger();
    private final CompletableFuture<JsonNode> ready = new CompletableFuture<>();
    private final StringBuffer stderr = new StringBuffer();

    private JsPeer(Process process) {
        this.process = process;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread.ofVirtual().name("js-peer-stdout").start(this::readStdout);
        Thread.ofVirtual().name("js-peer-stderr").start(this::readStderr);
    }

    /** The folder with peer.mjs and node_modules: the {@code jdht.js.dir} property, or interop/js under the working directory. */
    public static Path jsDir() {
        return Path.of(System.getProperty("jdht.js.dir", "interop/js"));
    }

    /** Starts a js peer; {@code args} are extra flags such as {@code --seed <hex>}. */
    public static JsPeer start(String... args) throws IOException {
        Path dir = jsDir().toAbsolutePath();
        Path node = dir.resolve("node_modules/.bin/node");
        if (!Files.isExecutable(node)) {
            throw new IOException("Node 22 is not installed at " + node + "; run interop/js/install.sh");
        }
        List<String> cmd = new java.util.ArrayList<>(List.of(node.toString(), dir.resolve("peer.mjs").toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).start();
        JsPeer peer = new JsPeer(p);
        try {
            peer.ready.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            peer.close();
            throw new IOException("js peer did not start: " + e + "; stderr: " + peer.stderr, e);
        }
        return peer;
    }

    public String peerId() {
        return ready.join().get("peerId").asText();
    }

    /** The first listen address, with its /p2p suffix. */
    public String address() {
        return ready.join().get("addrs").get(0).asText();
    }

    /** Runs one command and returns its answer; fails if the peer answers ok=false. */
    public JsonNode call(String command, Map<String, ?> args, Duration timeout) throws Exception {
        int id = nextId.incrementAndGet();
        ObjectNode msg = JSON.valueToTree(args);
        msg.put("id", id).put("cmd", command);
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        synchronized (stdin) {
            stdin.write(JSON.writeValueAsString(msg) + "\n");
            stdin.flush();
        }
        JsonNode r = answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!r.path("ok").asBoolean()) {
            throw new JsPeerException(command + " failed in js: " + r.path("error").asText());
        }
        return r;
    }

    /** A js command that reported failure. */
    public static final class JsPeerException extends Exception {
        private static final long serialVersionUID = 1L;

        JsPeerException(String message) {
            super(message);
        }
    }

    public String stderr() {
        return stderr.toString();
    }

    private void readStdout() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                JsonNode n;
                try {
                    n = JSON.readTree(line);
                } catch (IOException e) {
                    continue; // not ours
                }
                if (n.has("event") && "ready".equals(n.get("event").asText())) {
                    ready.complete(n);
                } else if (n.has("id") && n.get("id").canConvertToInt()) {
                    CompletableFuture<JsonNode> f = pending.remove(n.get("id").asInt());
                    if (f != null) {
                        f.complete(n);
                    }
                }
            }
        } catch (IOException ignored) {
            // the process ended
        }
        IOException gone = new IOException("js peer exited; stderr: " + stderr);
        ready.completeExceptionally(gone);
        pending.values().forEach(f -> f.completeExceptionally(gone));
    }

    private void readStderr() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (stderr.length() < 64 * 1024) {
                    stderr.append(line).append('\n');
                }
            }
        } catch (IOException ignored) {
            // the process ended
        }
    }

    @Override
    public void close() {
        try {
            stdin.close(); // the peer exits when its stdin closes
        } catch (IOException ignored) {
            // already gone
        }
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
