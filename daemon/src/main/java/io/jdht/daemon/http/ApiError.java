package io.jdht.daemon.http;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * A failed command, as Kubo reports it: a message and a code, sent as
 * {@code {"Message":"…","Code":1,"Type":"error"}}. The code picks the HTTP status when the error
 * comes before any output: {@link Code#CLIENT} is 400, every other code 500 (Kubo maps them the
 * same way). After output has started the status is already 200, so only the message travels, in
 * the {@code X-Stream-Error} trailer.
 *
 * <p>Commands throw it (or complete their future with it, or pass it to {@link ApiResponse#fail});
 * any other exception becomes a {@link Code#NORMAL} error carrying its message.
 */
public final class ApiError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What the command sends when its {@code timeout} runs out: Go's context error, word for word. */
    public static final String DEADLINE_EXCEEDED = "context deadline exceeded";
    /** What a command cancelled for any other reason reports. */
    public static final String CANCELED = "context canceled";

    /** Kubo's error codes (go-ipfs-cmds {@code ErrorType}); the number is what goes on the wire. */
    public enum Code {
        /** The command failed for a reason that is not a bug (a lookup found nothing, a peer was unreachable). */
        NORMAL(0),
        /** The request was wrong: a missing or malformed argument or option. */
        CLIENT(1),
        /** A bug on our side. */
        IMPLEMENTATION(2),
        /** The operation was refused because too many are running. */
        RATE_LIMITED(3),
        /** The caller may not do this. */
        FORBIDDEN(4);

        private final int wire;

        Code(int wire) {
            this.wire = wire;
        }

        public int wire() {
            return wire;
        }
    }

    private final Code code;

    public ApiError(Code code, String message) {
        this(code, message, null);
    }

    public ApiError(Code code, String message, Throwable cause) {
        super(Objects.requireNonNull(message, "message"), cause);
        this.code = Objects.requireNonNull(code, "code");
    }

    /** A client error (HTTP 400): the request itself is wrong. */
    public static ApiError client(String message) {
        return new ApiError(Code.CLIENT, message);
    }

    /** A normal error (HTTP 500): the command could not do what was asked. */
    public static ApiError normal(String message) {
        return new ApiError(Code.NORMAL, message);
    }

    public static ApiError implementation(String message) {
        return new ApiError(Code.IMPLEMENTATION, message);
    }

    public static ApiError rateLimited(String message) {
        return new ApiError(Code.RATE_LIMITED, message);
    }

    public static ApiError forbidden(String message) {
        return new ApiError(Code.FORBIDDEN, message);
    }

    /** Kubo's words for a missing positional argument. */
    public static ApiError missingArgument(String name) {
        return client("argument \"" + name + "\" is required");
    }

    /** Kubo's words for a missing file argument. */
    public static ApiError missingFile(String name) {
        return client("file argument '" + name + "' is required");
    }

    /** Kubo's words for an option value that does not parse as its type. */
    public static ApiError badOption(String option, String typeName, String value) {
        String shown = value.isEmpty() ? "empty value" : "value " + quote(value);
        return client("could not convert " + shown + " to type " + quote(typeName) + " (for option " + quote("-" + option) + ")");
    }

    /** The error a command that ran out of time reports. */
    public static ApiError deadlineExceeded() {
        return normal(DEADLINE_EXCEEDED);
    }

    /**
     * The error to report for anything a command threw or failed its future with: an {@code
     * ApiError} as it is, wrappers ({@link CompletionException}, {@link ExecutionException})
     * unwrapped, anything else a {@link Code#NORMAL} error with the exception's message.
     */
    public static ApiError from(Throwable t) {
        Throwable cause = unwrap(t);
        if (cause instanceof ApiError e) {
            return e;
        }
        if (cause instanceof CancellationException) {
            return new ApiError(Code.NORMAL, CANCELED, cause);
        }
        String message = cause.getMessage();
        if (message == null || message.isBlank()) {
            message = cause.getClass().getSimpleName();
        }
        return new ApiError(Code.NORMAL, message, cause);
    }

    /** Strips the wrappers futures put around the real failure; bounded by the depth of the chain. */
    static Throwable unwrap(Throwable t) {
        Throwable cause = t;
        for (int i = 0; i < 16 && (cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null; i++) {
            cause = cause.getCause();
        }
        return cause;
    }

    public Code code() {
        return code;
    }

    /** The HTTP status of this error when it is the whole answer. */
    public int httpStatus() {
        return code == Code.CLIENT ? 400 : 500;
    }

    /** The error as Kubo encodes it, with the newline Go's JSON encoder puts after each value. */
    public String toJson() {
        return "{\"Message\":" + quote(getMessage()) + ",\"Code\":" + code.wire() + ",\"Type\":\"error\"}\n";
    }

    /**
     * The message fit for an HTTP header (the {@code X-Stream-Error} trailer): its first line only,
     * as Kubo does, control characters blanked, capped so a huge message cannot bloat the trailer.
     * Non-ASCII text is carried as its UTF-8 bytes, one header character per byte, which is what Go
     * puts on the wire, so a Go or JavaScript client reads back the same text.
     */
    public String headerMessage() {
        String first = getMessage().lines().findFirst().orElse("");
        byte[] utf8 = first.getBytes(StandardCharsets.UTF_8);
        int n = Math.min(utf8.length, MAX_HEADER_MESSAGE);
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            int b = utf8[i] & 0xff;
            sb.append(b < 0x20 || b == 0x7f ? ' ' : (char) b);
        }
        return sb.toString();
    }

    private static final int MAX_HEADER_MESSAGE = 1024;

    private static String quote(String s) {
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(s)) + "\"";
    }

    @Override
    public String toString() {
        return "ApiError(" + code + ": " + getMessage() + ")";
    }
}
