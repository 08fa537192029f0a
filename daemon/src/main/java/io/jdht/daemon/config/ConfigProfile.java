package io.jdht.daemon.config;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Named sets of changes {@code jdht init --profile} applies to the defaults, as Kubo's
 * {@code ipfs init --profile} does.
 */
public enum ConfigProfile {
    /**
     * For tests and local experiments (Kubo's {@code test} profile): listen on loopback only, on any
     * free port (the API's port is then in the repo's {@code api} file), no bootstrap peers, and
     * private addresses allowed in the DHT.
     */
    TEST {
        @Override
        void applyTo(Config c) throws ConfigException {
            JsonNodeFactory j = JsonNodeFactory.instance;
            c.set(field("Addresses.API"), j.textNode("/ip4/127.0.0.1/tcp/0"));
            c.set(field("Addresses.Swarm"), j.arrayNode().add("/ip4/127.0.0.1/tcp/0"));
            c.set(field("Bootstrap"), j.arrayNode());
            c.set(field("Jdht.Dht.PublicAddressesOnly"), j.booleanNode(false));
        }
    },
    /** A node on a private network or one host: every address allowed in the DHT, serving it. */
    LOCAL {
        @Override
        void applyTo(Config c) throws ConfigException {
            JsonNodeFactory j = JsonNodeFactory.instance;
            c.set(field("Jdht.Dht.PublicAddressesOnly"), j.booleanNode(false));
            c.set(field("Routing.Type"), j.textNode("dhtserver"));
        }
    };

    abstract void applyTo(Config c) throws ConfigException;

    /** Applies the profiles named in a comma-separated list ({@code test}, {@code local}). */
    public static void apply(String names, Config c) throws ConfigException {
        for (String name : names.split(",")) {
            String n = name.trim();
            if (n.isEmpty()) {
                continue;
            }
            ConfigProfile p;
            try {
                p = valueOf(n.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new ConfigException("unknown profile \"" + n + "\"; the profiles are "
                        + Arrays.stream(values()).map(v -> v.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")));
            }
            p.applyTo(c);
        }
    }

    private static ConfigField field(String key) {
        return ConfigSchema.field(key).orElseThrow();
    }
}
