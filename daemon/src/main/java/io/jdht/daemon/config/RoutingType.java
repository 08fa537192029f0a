package io.jdht.daemon.config;

import java.util.Locale;

/** {@code Routing.Type}: whether the node serves the DHT, only uses it, or has no routing at all. */
public enum RoutingType {
    /** Server when the node is reachable as far as it can tell (see {@code ServerModePolicy}), else client. */
    AUTO,
    DHTSERVER,
    DHTCLIENT,
    /** No DHT: routing commands answer an error. */
    NONE;

    public static RoutingType of(String text) {
        return valueOf(text.toUpperCase(Locale.ROOT));
    }

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
