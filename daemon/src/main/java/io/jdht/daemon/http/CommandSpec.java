package io.jdht.daemon.http;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a command accepts: its path under {@code /api/v0/} (say {@code routing/findpeer}), its
 * positional and file arguments, its options and their types, and whether it streams. The server
 * checks a request against the spec before the command runs, so a command never sees a missing
 * required argument or an option value of the wrong type.
 *
 * <p>The {@code streaming} flag says how a value the command's future completes with is sent: as
 * one more NDJSON value of a stream, or as the single value of the answer. The headers of the
 * answer follow what the command actually does ({@link ApiResponse#emit}, {@link
 * ApiResponse#single}, {@link ApiResponse#raw}), as in Kubo.
 *
 * <p>The option {@code timeout} belongs to every command and is handled by the server.
 */
public record CommandSpec(String path, List<ArgumentSpec> arguments, List<OptionSpec> options, boolean streaming) {
    /** The option every command has: the deadline of the whole command, in Go duration syntax. */
    public static final OptionSpec TIMEOUT = new OptionSpec("timeout", OptionType.DURATION, List.of());

    private static final Pattern PATH = Pattern.compile("[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*");

    public CommandSpec {
        Objects.requireNonNull(path, "path");
        arguments = List.copyOf(arguments);
        options = List.copyOf(options);
        if (!PATH.matcher(path).matches()) {
            throw new IllegalArgumentException("bad command path (want e.g. routing/findpeer): " + path);
        }
        checkArguments(arguments);
        checkOptions(options);
    }

    public static Builder builder(String path) {
        return new Builder(path);
    }

    /** The positional (string) arguments, in order. */
    public List<ArgumentSpec> stringArguments() {
        return arguments.stream().filter(a -> a.kind() == ArgumentSpec.Kind.STRING).toList();
    }

    /** The first required file argument, if the command has one. */
    public Optional<ArgumentSpec> requiredFile() {
        return arguments.stream().filter(a -> a.kind() == ArgumentSpec.Kind.FILE && a.required()).findFirst();
    }

    /** The option with this name or alias, {@code timeout} included. */
    public Optional<OptionSpec> option(String nameOrAlias) {
        if (TIMEOUT.name().equals(nameOrAlias)) {
            return Optional.of(TIMEOUT);
        }
        return options.stream().filter(o -> o.names().contains(nameOrAlias)).findFirst();
    }

    /** Required arguments first, then optional ones; a variadic one only last (the rules go-ipfs-cmds checks). */
    private static void checkArguments(List<ArgumentSpec> arguments) {
        Set<String> names = new HashSet<>();
        boolean optionalSeen = false;
        List<ArgumentSpec> strings = arguments.stream().filter(a -> a.kind() == ArgumentSpec.Kind.STRING).toList();
        for (int i = 0; i < strings.size(); i++) {
            ArgumentSpec a = strings.get(i);
            if (a.required() && optionalSeen) {
                throw new IllegalArgumentException("required argument " + a.name() + " after an optional one");
            }
            optionalSeen |= !a.required();
            if (a.variadic() && i != strings.size() - 1) {
                throw new IllegalArgumentException("variadic argument " + a.name() + " must be last");
            }
        }
        for (ArgumentSpec a : arguments) {
            if (!names.add(a.name())) {
                throw new IllegalArgumentException("duplicate argument " + a.name());
            }
        }
    }

    private static void checkOptions(List<OptionSpec> options) {
        Set<String> names = new HashSet<>(TIMEOUT.names());
        for (OptionSpec o : options) {
            for (String n : o.names()) {
                if (!names.add(n)) {
                    throw new IllegalArgumentException("option name used twice (timeout is built in): " + n);
                }
            }
        }
    }

    /** Fluent construction: {@code CommandSpec.builder("routing/findpeer").argument("peerID").streaming().build()}. */
    public static final class Builder {
        private final String path;
        private final List<ArgumentSpec> arguments = new ArrayList<>();
        private final List<OptionSpec> options = new ArrayList<>();
        private boolean streaming;

        private Builder(String path) {
            this.path = path;
        }

        /** A required positional argument. */
        public Builder argument(String name) {
            arguments.add(new ArgumentSpec(name, ArgumentSpec.Kind.STRING, true, false));
            return this;
        }

        /** An optional positional argument (after the required ones). */
        public Builder optionalArgument(String name) {
            arguments.add(new ArgumentSpec(name, ArgumentSpec.Kind.STRING, false, false));
            return this;
        }

        /** The last positional argument, taking all remaining values; {@code required} means at least one. */
        public Builder variadicArgument(String name, boolean required) {
            arguments.add(new ArgumentSpec(name, ArgumentSpec.Kind.STRING, required, true));
            return this;
        }

        /** A file argument: a part of a multipart body. */
        public Builder fileArgument(String name, boolean required) {
            arguments.add(new ArgumentSpec(name, ArgumentSpec.Kind.FILE, required, false));
            return this;
        }

        public Builder option(String name, OptionType type, String... aliases) {
            options.add(new OptionSpec(name, type, List.of(aliases)));
            return this;
        }

        /** The command answers with a stream of values (NDJSON), not one. */
        public Builder streaming() {
            this.streaming = true;
            return this;
        }

        public CommandSpec build() {
            return new CommandSpec(path, arguments, options, streaming);
        }
    }
}
