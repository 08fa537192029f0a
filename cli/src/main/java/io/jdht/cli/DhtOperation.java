package io.jdht.cli;

import io.jdht.kad.QueryListener;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * One {@code jdht dht} operation: checks the arguments, then runs on the daemon (through its
 * API) or, with {@code --bootstrap}, on a short-lived node of its own ({@link DhtBackend}), prints
 * the result, and exits 0, or 1 with one line on stderr when the operation failed or found nothing.
 */
abstract class DhtOperation implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    DhtOptions options;

    /** Checks the operation's own arguments before anything starts (usage errors exit 2). */
    abstract void checkArguments();

    /** The key the lookup walks towards, for the progress line on a terminal; null for none. */
    byte[] target() {
        return null;
    }

    /** Runs the operation and prints the result; returns the exit code. */
    abstract int execute(DhtBackend dht, QueryListener events) throws Exception;

    @Override
    public final Integer call() throws Exception {
        checkArguments();
        QueryListener events = options.verbose ? new EventPrinter(err()) : QueryListener.NONE;
        // -v prints events line by line; a redrawn progress line would garble them
        ProgressLine progress = !options.verbose && target() != null && ProgressLine.onTerminal()
                ? new ProgressLine(err(), target(), events) : null;
        try (DhtBackend dht = options.open(spec, err())) {
            int code = execute(dht, progress != null ? progress : events);
            if (progress != null) {
                progress.close();
            }
            out().flush();
            return code;
        } finally {
            if (progress != null) {
                progress.close();
            }
        }
    }

    /** Reports an operation that ran but came back empty-handed: one line on stderr, exit 1. */
    int nothing(String message) {
        err().println("jdht: " + message);
        err().flush();
        return 1;
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
