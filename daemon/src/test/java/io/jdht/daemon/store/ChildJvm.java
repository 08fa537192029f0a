package io.jdht.daemon.store;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A child JVM running {@link StoreChild} on this test's classpath; {@link #close} always kills it. */
final class ChildJvm implements AutoCloseable {
    final Process process;
    private final BufferedReader out;

    ChildJvm(String... args) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-cp", classpath, StoreChild.class.getName()));
        command.addAll(List.of(args));
        this.process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /** The child's next line of output, or null once it has ended. */
    String readLine() throws IOException {
        return out.readLine();
    }

    /** Kills the child at once (SIGKILL) and waits for it to be gone; its output is closed too. */
    void kill() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws IOException {
        kill();
        out.close();
    }
}
