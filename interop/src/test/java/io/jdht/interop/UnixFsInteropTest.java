package io.jdht.interop;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jdht.bench.JsPeer;
import io.jdht.daemon.unixfs.BlockSink;
import io.jdht.daemon.unixfs.ImportOptions;
import io.jdht.daemon.unixfs.ImportResult;
import io.jdht.daemon.unixfs.UnixFsImporter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * jdht's UnixFS importer makes the same root CIDs as js-ipfs-unixfs-importer (run by
 * interop/js/unixfs-cids.mjs) for files around every boundary of the layout: empty, one byte, one
 * chunk exactly, one byte over, several chunks, and more than 174 chunks (a second tree level). Both
 * of Kubo's usual option sets are compared: the default (CIDv0, dag-pb leaves) and
 * {@code --cid-version=1} (raw leaves).
 */
class UnixFsInteropTest {
    private static final int CHUNK = ImportOptions.DEFAULT_CHUNK_SIZE;
    private static final long[] SIZES = {0, 1, 1000, CHUNK, CHUNK + 1, 3L << 20, 175L * CHUNK + 7};
    /** Node 22 imports the ~48 MB of files in a few seconds; this leaves room for a slow, shared machine. */
    private static final Duration JS_TIMEOUT = Duration.ofSeconds(180);

    @TempDir
    static Path dir;
    private static final List<Path> files = new ArrayList<>();

    @BeforeAll
    static void writeFiles() throws IOException {
        for (long size : SIZES) {
            Path file = dir.resolve("file-" + size);
            writePseudoRandom(file, size, size);
            files.add(file);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"kubo-v0, 0", "kubo-v1, 1"})
    void javaAndJsGiveTheSameRoots(String jsOptions, int cidVersion) throws Exception {
        ImportOptions options = ImportOptions.forCidVersion(cidVersion);
        Map<String, JsonNode> js = runJs(jsOptions);
        assertThat(js.keySet()).containsExactlyElementsOf(files.stream().map(Path::toString).toList());
        for (Path file : files) {
            ImportResult java;
            try (InputStream in = Files.newInputStream(file)) {
                java = UnixFsImporter.importFile(in, options, BlockSink.discard());
            }
            JsonNode expected = js.get(file.toString());
            assertThat(java.root().toString()).as("root of %s (%d bytes)", file.getFileName(), Files.size(file))
                    .isEqualTo(expected.get("cid").asText());
            assertThat(java.dagSize()).as("DAG size of %s", file.getFileName()).isEqualTo(expected.get("size").asLong());
            assertThat(java.size()).isEqualTo(Files.size(file));
        }
    }

    /** Runs unixfs-cids.mjs on every file and returns its answers by file; stops the process in any case. */
    private static Map<String, JsonNode> runJs(String jsOptions) throws Exception {
        Path jsDir = JsPeer.jsDir().toAbsolutePath();
        Path node = jsDir.resolve("node_modules/.bin/node");
        if (!Files.isExecutable(node)) {
            throw new IOException("Node 22 is not installed at " + node + "; run interop/js/install.sh");
        }
        List<String> command = new ArrayList<>(List.of(node.toString(), jsDir.resolve("unixfs-cids.mjs").toString(),
                "--options", jsOptions));
        files.forEach(f -> command.add(f.toString()));
        Path stdout = dir.resolve("js-" + jsOptions + ".out");
        Path stderr = dir.resolve("js-" + jsOptions + ".err");
        // output goes to files, so a full pipe can never stall the script while the test waits
        Process process = new ProcessBuilder(command).directory(jsDir.toFile())
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        try {
            process.getOutputStream().close(); // the script reads nothing
            if (!process.waitFor(JS_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                throw new AssertionError("unixfs-cids.mjs did not finish within " + JS_TIMEOUT + "; stderr: "
                        + Files.readString(stderr, UTF_8));
            }
            assertThat(process.exitValue()).as("exit code of unixfs-cids.mjs; stderr: %s", Files.readString(stderr, UTF_8))
                    .isZero();
        } finally {
            if (process.isAlive()) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        ObjectMapper json = new ObjectMapper();
        Map<String, JsonNode> byFile = new LinkedHashMap<>();
        for (String line : Files.readAllLines(stdout, UTF_8)) {
            JsonNode answer = json.readTree(line);
            byFile.put(answer.get("file").asText(), answer);
        }
        return byFile;
    }

    /** {@code size} pseudo-random bytes from {@code seed}, written 64 KiB at a time. */
    private static void writePseudoRandom(Path file, long size, long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] buffer = new byte[1 << 16];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long left = size; left > 0; left -= buffer.length) {
                random.nextBytes(buffer);
                out.write(buffer, 0, (int) Math.min(buffer.length, left));
            }
        }
    }
}
