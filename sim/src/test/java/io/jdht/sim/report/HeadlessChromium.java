package io.jdht.sim.report;

import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's headless Chromium, run once per page: it loads a local file with the network features that
 * would phone home switched off, in a fresh profile, and either prints the DOM after the page's scripts
 * ran or saves a screenshot. Each run is bounded and leaves no process behind.
 */
final class HeadlessChromium {

    static final String INSTALL_HINT = "the browser tests need Debian's chromium: install it with"
            + " 'apt-get install -y chromium' as root (bin/ensure-chromium does it), or point JDHT_CHROMIUM at a"
            + " Chromium binary";
    // A bound, not a measurement: a page this size loads in a second or two even on a busy machine.
    private static final long TIMEOUT_SECONDS = 120;

    private final Path binary;
    private final Path workDir;

    private HeadlessChromium(Path binary, Path workDir) {
        this.binary = binary;
        this.workDir = workDir;
    }

    /** Fails the test (never skips it) when there is no Chromium to run. */
    static HeadlessChromium find(Path workDir) {
        String configured = System.getenv("JDHT_CHROMIUM");
        List<Path> candidates = new ArrayList<>();
        if (configured != null && !configured.isBlank()) {
            candidates.add(Path.of(configured));
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                candidates.add(Path.of(dir, "chromium"));
            }
        }
        candidates.add(Path.of("/usr/bin/chromium"));
        for (Path candidate : candidates) {
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return new HeadlessChromium(candidate, workDir);
            }
        }
        return fail("no chromium found (JDHT_CHROMIUM, PATH, /usr/bin/chromium): " + INSTALL_HINT);
    }

    /** The page's DOM once its scripts ran. */
    String dumpDom(Path page) throws IOException, InterruptedException {
        Path out = run(page, "dom", List.of("--dump-dom"));
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    /** A PNG of the page's first {@code width x height} CSS pixels, one image pixel each. */
    Path screenshot(Path page, int width, int height) throws IOException, InterruptedException {
        Path png = workDir.resolve("shot-" + System.nanoTime() + ".png");
        run(page, "shot", List.of("--screenshot=" + png, "--window-size=" + width + "," + height,
                "--force-device-scale-factor=1", "--hide-scrollbars"));
        if (!Files.isRegularFile(png)) {
            fail("chromium wrote no screenshot " + png);
        }
        return png;
    }

    private Path run(Path page, String name, List<String> action) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(workDir, "profile-");
        Path stdout = workDir.resolve(name + "-" + System.nanoTime() + ".out");
        Path stderr = workDir.resolve(name + "-" + System.nanoTime() + ".err");
        List<String> command = new ArrayList<>(List.of(binary.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile));
        command.addAll(action);
        command.add(page.toAbsolutePath().toUri().toString());
        Process process = new ProcessBuilder(command)
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        try {
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                fail("chromium did not finish within " + TIMEOUT_SECONDS + " s: " + tail(stderr));
            }
            if (process.exitValue() != 0) {
                fail("chromium exited with " + process.exitValue() + ": " + tail(stderr));
            }
            return stdout;
        } finally {
            // Chromium forks helpers (zygote, renderer, GPU); stop them all, children first.
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static String tail(Path file) throws IOException {
        String text = Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        return text.length() > 2000 ? text.substring(text.length() - 2000) : text;
    }
}
