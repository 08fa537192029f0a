package io.jdht.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Runs {@code jdht} commands in-process with {@code System.out} and {@code System.err} captured,
 * for tests that check what a command prints. {@link #close} puts the real streams back.
 */
final class ConsoleCapture implements AutoCloseable {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final PrintStream savedOut = System.out;
    private final PrintStream savedErr = System.err;

    private ConsoleCapture() {
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    static ConsoleCapture start() {
        return new ConsoleCapture();
    }

    /** Runs one command; what it prints replaces what the previous one printed. */
    int run(String... args) {
        out.reset();
        err.reset();
        return Main.run(args);
    }

    String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    byte[] stdoutBytes() {
        return out.toByteArray();
    }

    String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        System.setOut(savedOut);
        System.setErr(savedErr);
    }
}
