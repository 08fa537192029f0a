package io.jdht.daemon.http;

import java.util.List;
import java.util.Objects;

/**
 * A named option of a command, such as {@code verbose} or {@code num-providers} (alias {@code n}).
 * Options come as query parameters; an unknown one is ignored, as Kubo does.
 */
public record OptionSpec(String name, OptionType type, List<String> aliases) {
    public OptionSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        aliases = List.copyOf(aliases);
        if (name.isEmpty() || name.equals("arg") || aliases.contains("arg") || aliases.contains(name)) {
            throw new IllegalArgumentException("bad option name: " + name + " " + aliases);
        }
    }

    /** The canonical name followed by the aliases. */
    public List<String> names() {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(name), aliases.stream()).toList();
    }
}
