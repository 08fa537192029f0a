package io.jdht.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/jdht}'s AOT cache decisions, run on a copy of the launcher with a stand-in JDK whose
 * {@code java} only records how it was called (and, asked for a cache, writes one): the cache is
 * made by a training run when missing or older than the jar, used when current, and a failure to
 * make one neither stops the command nor repeats on every start. Also which commands run on C1 alone.
 */
@Timeout(120)
class LauncherAotCacheTest {
    private static final String FAKE_JAVA = """
            #!/usr/bin/env bash
            # stand-in java: one line per call, then a cache file if one was asked for
            printf '%s\\n' "$*" >> "$(dirname "$0")/../calls.log"
            for a in "$@"; do
              case "$a" in
                -XX:AOTCacheOutput=*)
                  [ "${FAKE_TRAINING_FAILS:-}" = 1 ] && { echo "training failed" >&2; exit 1; }
                  echo cache > "${a#-XX:AOTCacheOutput=}" ;;
              esac
            done
            exit 0
            """;

    @TempDir
    Path dir;

    private Path root;
    private Path jdk;
    private Path jar;

    @BeforeEach
    void layOut() throws IOException {
        root = dir.resolve("checkout");
        Path bin = Files.createDirectories(root.resolve("bin"));
        for (String f : List.of("jdht", "find-jdk.sh", "jvm-options")) {
            Files.copy(Path.of("..", "bin", f), bin.resolve(f));
        }
        jar = Files.createDirectories(root.resolve("cli/target")).resolve("jdht.jar");
        Files.write(jar, new byte[] {1});
        jdk = dir.resolve("jdk");
        Files.createDirectories(jdk.resolve("bin"));
        Files.writeString(jdk.resolve("release"), "JAVA_VERSION=\"25.0.1\"\n");
        Path java = jdk.resolve("bin/java");
        Files.writeString(java, FAKE_JAVA);
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createDirectories(dir.resolve("tmp"));
    }

    private record Run(int exit, String stderr, List<String> calls) {}

    private Run jdht(Map<String, String> env, String... args) throws Exception {
        Files.deleteIfExists(jdk.resolve("calls.log"));
        List<String> command = new java.util.ArrayList<>(List.of("bash", root.resolve("bin/jdht").toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("JAVA_HOME", jdk.toString());
        pb.environment().put("TMPDIR", dir.resolve("tmp").toString());
        pb.environment().remove("JDHT_JAVA_OPTS");
        pb.environment().remove("JDHT_AOT");
        pb.environment().putAll(env);
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        try {
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("bin/jdht ends").isTrue();
            Path log = jdk.resolve("calls.log");
            return new Run(p.exitValue(), err, Files.exists(log) ? Files.readAllLines(log) : List.of());
        } finally {
            p.destroyForcibly();
        }
    }

    private Path cache() throws IOException {
        return aotFile(".aot");
    }

    private Path aotFile(String suffix) throws IOException {
        try (var files = Files.list(root.resolve("cli/target/aot"))) {
            return files.filter(f -> f.toString().endsWith(suffix)).findFirst().orElseThrow();
        }
    }

    @Test
    void theFirstRunTrainsACacheAndEveryRunUsesIt() throws Exception {
        Run first = jdht(Map.of(), "id", "--json");
        assertThat(first.exit()).isZero();
        assertThat(first.stderr()).contains("making the start-up cache");
        assertThat(first.calls()).hasSize(2);
        assertThat(first.calls().get(0)).contains("-XX:AOTCacheOutput=")
                .contains("io.jdht.cli.StartTraining " + dir.resolve("tmp")).endsWith(" cli");
        Path cache = cache();
        assertThat(first.calls().get(1)).contains("-XX:AOTCache=" + cache).contains("-Xlog:aot*=off")
                .contains("-jar " + jar).endsWith(" id --json");
        // temporary files of the training run are gone
        try (var left = Files.list(dir.resolve("tmp"))) {
            assertThat(left).isEmpty();
        }

        Run second = jdht(Map.of(), "config", "show");
        assertThat(second.stderr()).isEmpty();
        assertThat(second.calls()).singleElement().asString()
                .contains("-XX:AOTCache=" + cache).endsWith(" config show");
    }

    /** A bare {@code jdht id} skips the parser, and gets a cache of only what it loads. */
    @Test
    void aBareIdHasACacheOfItsOwn() throws Exception {
        Run bare = jdht(Map.of(), "id");
        assertThat(bare.calls()).hasSize(2);
        assertThat(bare.calls().get(0)).endsWith(" id");
        Path id = Path.of(bare.calls().get(1).replaceAll(".*-XX:AOTCache=([^ ]*) .*", "$1"));
        assertThat(id.getFileName().toString()).startsWith("jdht-id");
        Run withOption = jdht(Map.of(), "id", "--json");
        assertThat(withOption.calls().get(0)).endsWith(" cli");
        assertThat(jdht(Map.of(), "id").calls()).singleElement().asString().contains("-XX:AOTCache=" + id);
    }

    @Test
    void commandsThatRunANodeHaveACacheOfTheirOwn() throws Exception {
        Path cli = Path.of(jdht(Map.of(), "config", "show").calls().get(1).replaceAll(".*-XX:AOTCache=([^ ]*) .*", "$1"));
        Run get = jdht(Map.of(), "dht", "get", "/k");
        assertThat(get.calls()).hasSize(2);
        assertThat(get.calls().get(0)).endsWith(" node");
        Path node = Path.of(get.calls().get(1).replaceAll(".*-XX:AOTCache=([^ ]*) .*", "$1"));
        assertThat(node).isNotEqualTo(cli).exists();
        assertThat(cli).exists();
        // each is then used as it is
        assertThat(jdht(Map.of(), "ping", "/ip4/127.0.0.1/tcp/1").calls()).singleElement().asString()
                .contains("-XX:AOTCache=" + node);
        assertThat(jdht(Map.of(), "config", "show").calls()).singleElement().asString()
                .contains("-XX:AOTCache=" + cli);
    }

    @Test
    void aNewerJarIsTrainedAgain() throws Exception {
        jdht(Map.of(), "id");
        Path cache = cache();
        // as after a rebuild: the jar is newer than the cache
        Files.setLastModifiedTime(cache, FileTime.from(Files.getLastModifiedTime(jar).toInstant().minusSeconds(60)));
        Run afterRebuild = jdht(Map.of(), "id");
        assertThat(afterRebuild.calls()).hasSize(2);
        assertThat(afterRebuild.calls().get(0)).contains("-XX:AOTCacheOutput=");
        assertThat(afterRebuild.calls().get(1)).contains("-XX:AOTCache=" + cache);
        assertThat(Files.getLastModifiedTime(cache).toInstant()).isAfterOrEqualTo(Files.getLastModifiedTime(jar).toInstant());
    }

    @Test
    void aFailedTrainingRunsWithoutACacheAndIsNotRetriedUntilTheJarChanges() throws Exception {
        Run failed = jdht(Map.of("FAKE_TRAINING_FAILS", "1"), "id");
        assertThat(failed.exit()).isZero();
        assertThat(failed.stderr()).contains("could not make the start-up cache");
        assertThat(failed.calls()).hasSize(2);
        assertThat(failed.calls().get(1)).doesNotContain("AOTCache").endsWith(" id");

        Run next = jdht(Map.of("FAKE_TRAINING_FAILS", "1"), "id");
        assertThat(next.stderr()).isEmpty();
        assertThat(next.calls()).singleElement().asString().doesNotContain("AOTCache");

        Path marker = aotFile(".aot.failed");
        Files.setLastModifiedTime(marker, FileTime.from(Files.getLastModifiedTime(jar).toInstant().minusSeconds(60)));
        Run rebuilt = jdht(Map.of(), "id");
        assertThat(rebuilt.calls()).hasSize(2);
        assertThat(rebuilt.calls().get(1)).contains("-XX:AOTCache=");
    }

    @Test
    void shortCommandsRunOnC1AloneAndLongOnesOnBothTiers() throws Exception {
        assertThat(jdht(Map.of("JDHT_AOT", "0"), "dht", "get", "/k").calls()).singleElement().asString()
                .contains("-XX:TieredStopAtLevel=1");
        assertThat(jdht(Map.of("JDHT_AOT", "0"), "daemon").calls()).singleElement().asString()
                .doesNotContain("TieredStopAtLevel");
        // JDHT_JAVA_OPTS come after, so they can undo it
        assertThat(jdht(Map.of("JDHT_AOT", "0", "JDHT_JAVA_OPTS", "-XX:TieredStopAtLevel=4"), "id").calls())
                .singleElement().asString().contains("-XX:TieredStopAtLevel=1 -XX:TieredStopAtLevel=4 -jar");
    }

    @Test
    void theCacheCanBeTurnedOff() throws Exception {
        Run off = jdht(Map.of("JDHT_AOT", "0"), "id");
        assertThat(off.calls()).singleElement().asString().doesNotContain("AOT");
        assertThat(root.resolve("cli/target/aot")).doesNotExist();
    }
}
