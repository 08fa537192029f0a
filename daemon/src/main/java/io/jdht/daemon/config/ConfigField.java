package io.jdht.daemon.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.function.Function;

/**
 * One key of {@code config.json}: its dotted path (as {@code ipfs config} names it), its shape,
 * its default, what it does, and an extra check beyond the shape.
 *
 * @param key dotted path, e.g. {@code Addresses.API}
 * @param kind the value's shape
 * @param choices the allowed strings of a {@link FieldKind#CHOICE}, else empty
 * @param defaultValue the value {@code jdht init} writes
 * @param description one line for the README and {@code jdht config --help}
 * @param editable false for keys the config command must not change (the identity)
 * @param check extra validation of a value of the right shape: returns a problem, or null if fine
 */
public record ConfigField(
        String key,
        FieldKind kind,
        List<String> choices,
        JsonNode defaultValue,
        String description,
        boolean editable,
        Function<JsonNode, String> check) {

    public ConfigField {
        choices = List.copyOf(choices);
    }

    /** The path segments, {@code ["Addresses", "API"]}. */
    public List<String> path() {
        return List.of(key.split("\\."));
    }
}
