package io.jdht.cli;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/** Turns an exception into the one-line reason a failed command prints. */
final class CommandFailure {
    private CommandFailure() {}

    /** An operation that ran but failed or found nothing: its message is the line to print (exit 1). */
    static final class Reported extends Exception {
        Reported(String message) {
            super(message);
        }
    }

    /** Prints the failure as a command that ran prints it, and returns its exit code, 1. */
    static int report(java.io.PrintWriter err, Throwable t) {
        err.println("jdht: " + describe(t));
        return 1;
    }

    static String describe(Throwable t) {
        Throwable cause = t;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof TimeoutException) {
            return "timed out" + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
        }
        String message = cause.getMessage();
        if (message == null || message.isBlank()) {
            message = cause.getClass().getSimpleName();
        }
        return message.replace('\n', ' ');
    }
}
