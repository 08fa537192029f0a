package io.jdht.daemon.http;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * One call of a command, checked against its {@link CommandSpec}: the positional arguments, the
 * options (already parsed for the declared ones), the uploaded files, and the signal and deadline
 * that bound the run.
 *
 * <p>Option getters for a declared option return the value parsed before the command started.
 * A getter may also name an option the spec does not declare; its value is then parsed on the
 * spot and a malformed one throws a client {@link ApiError} naming the option (HTTP 400).
 */
public final class ApiRequest {
    private final CommandSpec spec;
    private final List<String> arguments;
    private final Map<String, List<String>> argumentsByName;
    private final Map<String, Object> options;
    private final Map<String, List<String>> rawParameters;
    private final List<FilePart> files;
    private final Cancellation cancellation;
    private final Optional<Duration> timeout;
    private final long startNanos;
    private final Instant start;

    ApiRequest(CommandSpec spec, ParsedParameters parameters, List<FilePart> files, Cancellation cancellation) {
        this.spec = spec;
        this.arguments = parameters.arguments();
        this.argumentsByName = parameters.argumentsByName();
        this.options = parameters.options();
        this.rawParameters = parameters.raw();
        this.files = List.copyOf(files);
        this.cancellation = cancellation;
        this.timeout = Optional.ofNullable((Duration) options.get(CommandSpec.TIMEOUT.name()));
        this.startNanos = System.nanoTime();
        this.start = Instant.now();
    }

    public CommandSpec spec() {
        return spec;
    }

    /** All positional arguments, in order. */
    public List<String> arguments() {
        return arguments;
    }

    /**
     * The value of a declared, non-variadic positional argument; {@code null} if it is optional and
     * absent. A required one is always present.
     */
    public String argument(String name) {
        List<String> values = argumentValues(name);
        return values.isEmpty() ? null : values.getFirst();
    }

    /** The values of a declared argument (all of them for a variadic one). */
    public List<String> argumentValues(String name) {
        boolean declared = spec.stringArguments().stream().anyMatch(a -> a.name().equals(name));
        if (!declared) {
            throw new IllegalArgumentException("command " + spec.path() + " declares no argument " + name);
        }
        return argumentsByName.getOrDefault(name, List.of());
    }

    /** A boolean option that defaults to false ({@code verbose}, {@code quiet}, …). */
    public boolean flag(String name) {
        return bool(name).orElse(false);
    }

    public Optional<Boolean> bool(String name) {
        return Optional.ofNullable((Boolean) option(name, OptionType.BOOL));
    }

    /** An {@link OptionType#INT} or {@link OptionType#UINT} option. */
    public OptionalLong integer(String name) {
        Object v = option(name, null);
        if (v == null) {
            return OptionalLong.empty();
        }
        if (!(v instanceof Long l)) {
            throw new IllegalStateException("option " + name + " is not an integer option");
        }
        return OptionalLong.of(l);
    }

    public Optional<String> string(String name) {
        return Optional.ofNullable((String) option(name, OptionType.STRING));
    }

    /** Every value of a repeatable ({@link OptionType#STRINGS}) option, in order. */
    @SuppressWarnings("unchecked")
    public List<String> strings(String name) {
        Object v = option(name, OptionType.STRINGS);
        return v == null ? List.of() : (List<String>) v;
    }

    public Optional<Duration> duration(String name) {
        return Optional.ofNullable((Duration) option(name, OptionType.DURATION));
    }

    /** The {@code timeout} option, if given. */
    public Optional<Duration> timeout() {
        return timeout;
    }

    /** When the command will be cancelled for running out of time, if it has a timeout. */
    public Optional<Instant> deadline() {
        return timeout.map(start::plus);
    }

    /**
     * Time left before the deadline (zero once passed), if there is one: the natural timeout for
     * the DHT operation the command starts.
     */
    public Optional<Duration> remaining() {
        return timeout.map(t -> {
            Duration left = t.minusNanos(System.nanoTime() - startNanos);
            return left.isNegative() ? Duration.ZERO : left;
        });
    }

    public Cancellation cancellation() {
        return cancellation;
    }

    public boolean isCancelled() {
        return cancellation.isCancelled();
    }

    /** The parts of a multipart body, in the order they came. */
    public List<FilePart> files() {
        return files;
    }

    /** The first file part, if any. */
    public Optional<FilePart> file() {
        return files.isEmpty() ? Optional.empty() : Optional.of(files.getFirst());
    }

    /**
     * Waits for {@code future} and returns its value, for commands written in blocking style. If
     * the request is cancelled first, the future is cancelled too (so a DHT lookup stops) and this
     * throws {@link CancellationException}. A failed future rethrows its failure (a checked one
     * wrapped in {@link CompletionException}); the server turns either into the error answer.
     */
    public <T> T await(CompletableFuture<T> future) {
        Objects.requireNonNull(future);
        cancellation.propagateTo(future);
        try {
            return future.get();
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            cancellation.throwIfCancelled();
            throw new CancellationException(ApiError.CANCELED);
        } catch (CancellationException e) {
            cancellation.throwIfCancelled();
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = ApiError.unwrap(e);
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new CompletionException(cause);
        }
    }

    /**
     * The parsed value of an option: declared options were parsed before the run, others are
     * parsed now from the query (the first value, or all for {@code STRINGS}).
     */
    private Object option(String name, OptionType expected) {
        Optional<OptionSpec> declared = spec.option(name);
        if (declared.isPresent()) {
            OptionSpec o = declared.get();
            if (expected != null && o.type() != expected) {
                throw new IllegalStateException("option " + name + " is declared as " + o.type() + ", not " + expected);
            }
            return options.get(o.name());
        }
        List<String> raw = rawParameters.get(name);
        if (raw == null || raw.isEmpty()) {
            return null;
        }
        OptionType type = expected == null ? OptionType.INT : expected;
        if (type.repeatable()) {
            return List.copyOf(raw);
        }
        try {
            return type.parse(raw.getFirst());
        } catch (IllegalArgumentException e) {
            throw ApiError.badOption(name, type.goName(), raw.getFirst());
        }
    }

    @Override
    public String toString() {
        return "ApiRequest(" + spec.path() + ", args=" + arguments + ", options=" + options.keySet() + ", files=" + files.size() + ")";
    }
}
