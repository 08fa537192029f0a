package io.jdht.interop;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jdht.bench.JsPeer;
import io.jdht.daemon.Daemon;
import io.jdht.multiformats.Multiaddr;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real kubo-rpc-client (npm, pinned in interop/js/package-lock.json) pointed at one daemon's
 * RPC API: each call runs interop/js/kubo-client.mjs once in its own Node process and returns
 * what the client yielded. The process always ends before the call returns.
 */
final class KuboClient {
    /** Longer than the client's own 60 s, so a hung request shows up as the client's failure, not ours. */
    private static final Duration PROCESS_TIMEOUT = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String url;
    private final Path scratch;

    /**
     * @param api the daemon's API address, {@code /ip4/<ip>/tcp/<port>}
     * @param scratch a folder for the process's output files
     */
    KuboClient(Multiaddr api, Path scratch) {
        this.url = "http://" + api.value("ip4").orElseThrow() + ":" + api.value("tcp").orElseThrow();
        this.scratch = scratch;
    }

    static KuboClient of(Daemon daemon, Path scratch) {
        return new KuboClient(daemon.apiAddress(), scratch);
    }

    String url() {
        return url;
    }

    /**
     * What one run of the client printed: the lines before the last (one per event or answer) and
     * the last, {@code {"done":true}} or {@code {"threw":…,"message":…}}.
     */
    record Run(String command, List<JsonNode> events, JsonNode end, String stderr) {
        boolean threw() {
            return end.has("threw");
        }

        /** The events, after checking the client did not throw. */
        List<JsonNode> ok() {
            if (!end.path("done").asBoolean()) {
                throw new AssertionError(command + ": the client did not finish: " + end + "; events " + events
                        + "; stderr: " + stderr);
            }
            return events;
        }

        /** The events of one kind ({@code FINAL_PEER}, {@code VALUE}, …), after checking the client did not throw. */
        List<JsonNode> named(String name) {
            return ok().stream().filter(e -> name.equals(e.path("name").asText())).toList();
        }

        /** The only answer of a command that returns one value (id, swarm.peers, block.put, …). */
        JsonNode single() {
            List<JsonNode> out = ok();
            if (out.size() != 1) {
                throw new AssertionError(command + ": expected one answer, got " + out);
            }
            return out.getFirst();
        }

        @Override
        public String toString() {
            return command + " -> " + events + " then " + end;
        }
    }

    /** Runs one operation of kubo-client.mjs (see its header for the operations and arguments). */
    Run run(String operation, String... args) throws IOException, InterruptedException {
        Path jsDir = JsPeer.jsDir().toAbsolutePath();
        Path node = jsDir.resolve("node_modules/.bin/node");
        if (!Files.isExecutable(node)) {
            throw new IOException("Node 22 is not installed at " + node + "; run interop/js/install.sh");
        }
        List<String> command = new ArrayList<>(List.of(node.toString(), jsDir.resolve("kubo-client.mjs").toString(),
                url, operation));
        command.addAll(List.of(args));
        String described = operation + " " + String.join(" ", args);
        // output to files, so that a full pipe can never stall the client while we wait for it
        Path stdout = Files.createTempFile(scratch, "kubo-client", ".out");
        Path stderr = Files.createTempFile(scratch, "kubo-client", ".err");
        Process process = new ProcessBuilder(command).directory(jsDir.toFile())
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        try {
            process.getOutputStream().close(); // it reads nothing
            if (!process.waitFor(PROCESS_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                throw new AssertionError("kubo-client.mjs " + described + " did not end within " + PROCESS_TIMEOUT
                        + "; output so far: " + Files.readString(stdout, UTF_8) + "; stderr: " + Files.readString(stderr, UTF_8));
            }
            String err = Files.readString(stderr, UTF_8);
            if (process.exitValue() != 0) {
                throw new AssertionError("kubo-client.mjs " + described + " exited with " + process.exitValue()
                        + "; stderr: " + err);
            }
            List<JsonNode> lines = new ArrayList<>();
            for (String line : Files.readAllLines(stdout, UTF_8)) {
                if (!line.isBlank()) {
                    lines.add(JSON.readTree(line));
                }
            }
            if (lines.isEmpty()) {
                throw new AssertionError("kubo-client.mjs " + described + " printed nothing; stderr: " + err);
            }
            Run run = new Run(described, List.copyOf(lines.subList(0, lines.size() - 1)), lines.getLast(), err);
            System.out.println("kubo-rpc-client " + url + " " + run); // in the test report, for a failure's story
            return run;
        } finally {
            if (process.isAlive()) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            Files.deleteIfExists(stdout);
            Files.deleteIfExists(stderr);
        }
    }
}
