package io.jdht.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The JVM flags {@code bin/jdht} starts with ({@code bin/jvm-options}) make an out-of-memory
 * process exit with a message, rather than live on with dead threads: a supervisor sees the exit
 * and restarts the node.
 */
@Timeout(120)
class OutOfMemoryExitTest {
    /** Runs in the child JVM: fills the heap from a thread that swallows the error, as a Netty event loop would. */
    public static final class Hog {
        public static void main(String[] args) throws Exception {
            Thread t = new Thread(() -> {
                List<long[]> hoard = new ArrayList<>();
                for (int i = 0; i < 1_000_000; i++) {
                    try {
                        hoard.add(new long[1 << 20]);
                    } catch (OutOfMemoryError e) {
                        hoard.clear(); // an event loop logs it and carries on
                    }
                }
            });
            t.start();
            t.join(60_000);
            System.out.println("still alive");
        }
    }

    @Test
    void anOutOfMemoryErrorEndsTheProcessWithAMessage() throws Exception {
        Path options = Path.of("..", "bin", "jvm-options").toAbsolutePath().normalize();
        assertThat(options).exists();
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process p = new ProcessBuilder(java, "@" + options, "-Xmx32m", "-cp", System.getProperty("java.class.path"),
                Hog.class.getName())
                .redirectErrorStream(true)
                .start();
        try {
            assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("the process ends").isTrue();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.exitValue()).isNotZero();
            assertThat(output).contains("jdht: out of memory, exiting").doesNotContain("still alive");
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void idleHeapIsHandedBackPeriodically() throws Exception {
        List<String> lines = Files.readAllLines(Path.of("..", "bin", "jvm-options"));
        assertThat(lines).anyMatch(l -> l.startsWith("-XX:G1PeriodicGCInterval="));
        assertThat(lines).anyMatch(l -> l.startsWith("-XX:MaxHeapFreeRatio="));
    }
}
