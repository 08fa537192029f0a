package io.jdht.daemon.store;

import java.util.Objects;
import java.util.Optional;

/**
 * The daemon's own small state (an IPNS name's last sequence number, say), by name. Reads are
 * direct; {@link #put} and {@link #remove} return once the change is committed, so they block the
 * caller until then: call them from a thread that may block, never the DHT thread or an event
 * loop. Values are meant to be small (bytes to kilobytes).
 */
public final class StateMap {
    private final Writer writer;
    private final Maps maps;

    StateMap(Writer writer, Maps maps) {
        this.writer = writer;
        this.maps = maps;
    }

    public Optional<byte[]> get(String name) {
        return Optional.ofNullable(maps.state.get(Objects.requireNonNull(name, "name"))).map(byte[]::clone);
    }

    /** Stores the value under the name, replacing any; returns once committed. */
    public void put(String name, byte[] value) {
        Objects.requireNonNull(name, "name");
        byte[] copy = value.clone();
        writer.write(() -> maps.state.put(name, copy));
    }

    /** Removes the name; returns once committed. */
    public void remove(String name) {
        Objects.requireNonNull(name, "name");
        writer.write(() -> maps.state.remove(name));
    }
}
