package io.jdht.daemon.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.jdht.multiformats.Multiaddr;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Every key jdht reads from {@code config.json}. Where Kubo has a field for the same thing, the key
 * has Kubo's name and shape ({@code Addresses.API}, {@code Bootstrap}, {@code Routing.Type}, ...);
 * jdht's own settings live under {@code Jdht}. The config command refuses keys not listed here, so
 * a typo is an error rather than a setting that silently does nothing.
 */
public final class ConfigSchema {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /**
     * The public IPFS bootstrap peers (Kubo's default list), less its QUIC address: jdht speaks TCP
     * only, so that entry could never be dialled.
     */
    public static final List<String> DEFAULT_BOOTSTRAP = List.of(
            "/dnsaddr/bootstrap.libp2p.io/p2p/QmNnooDu7bfjPFoTZYxMNLWUQJyrVwtbZg5gBMjTezGAJN",
            "/dnsaddr/bootstrap.libp2p.io/p2p/QmQCU2EcMqAqQPR2i9bChDtGNJchTbq5TbXJJ16u19uLTa",
            "/dnsaddr/bootstrap.libp2p.io/p2p/QmbLHAnMoJPWSCR5Zhtx6BHJX9KiKNN6tpvbUcqanj75Nb",
            "/dnsaddr/bootstrap.libp2p.io/p2p/QmcZf59bWwK5XFi76CZX8cbJ4BhTzzA3gU1ZjYZcYW3dwt",
            "/dnsaddr/va1.bootstrap.libp2p.io/p2p/12D3KooWKnDdG3iXw9eTFijk3EWSunZcFi54Zka4wmtqtt6rPxc8",
            "/ip4/104.131.131.82/tcp/4001/p2p/QmaCpDMGvV2BGHeYERUEnRQAwe3N8SzbUtfsmvsqQLuvuJ");

    private static final Map<String, ConfigField> FIELDS = new LinkedHashMap<>();

    /** The smallest {@code Swarm.ResourceMgr.MaxMemory}: one connection's share of a message and its window. */
    static final long MIN_MEMORY_BUDGET = 16L << 20;

    static {
        add("Identity.PeerID", FieldKind.STRING, JSON.textNode(""), false,
                "this node's peer id (written by init; derived from the key)", v -> null);
        add("Identity.PrivKey", FieldKind.STRING, JSON.textNode(""), false,
                "this node's private key, the libp2p key protobuf in base64 (never shown by the config command)", v -> null);
        add("Addresses.Swarm", FieldKind.MULTIADDR_LIST,
                strings("/ip4/0.0.0.0/tcp/4001", "/ip6/::/tcp/4001"), true,
                "addresses the node listens on for peers (TCP)", ConfigSchema::listenAddresses);
        add("Addresses.API", FieldKind.MULTIADDR, JSON.textNode("/ip4/127.0.0.1/tcp/5001"), true,
                "where the HTTP RPC API listens (port 0: any free port, see the api file)", ConfigSchema::tcpAddress);
        add("Bootstrap", FieldKind.MULTIADDR_LIST, strings(DEFAULT_BOOTSTRAP.toArray(String[]::new)), true,
                "peers to join the network through, each ending in /p2p/<peer-id>", ConfigSchema::bootstrapPeers);
        addChoice("Routing.Type", List.of("auto", "dhtserver", "dhtclient", "none"), "auto",
                "dhtserver serves the DHT, dhtclient only uses it, none turns routing off; auto serves when the node"
                        + " has a public address or lives in a private network (see the README)");
        addChoice("Datastore.Type", List.of("mvstore", "memory"), "mvstore",
                "mvstore keeps records, providers, blocks and peers in <repo>/datastore; memory forgets them on exit");
        add("Swarm.ConnMgr.LowWater", FieldKind.POSITIVE_INT, JSON.numberNode(768), true,
                "trimming closes the least useful connections down to this many (at most HighWater)", v -> null);
        add("Swarm.ConnMgr.HighWater", FieldKind.POSITIVE_INT, JSON.numberNode(1024), true,
                "connections above which trimming starts; the hard cap is a quarter higher, or more on a big"
                        + " machine", v -> null);
        add("Swarm.ConnMgr.GracePeriod", FieldKind.DURATION, JSON.textNode("20s"), true,
                "how long a new connection is safe from trimming", v -> null);
        add("Swarm.ResourceMgr.MaxMemory", FieldKind.STRING, JSON.textNode(""), true,
                "bytes all peers together may make the node hold (buffers, queues, partial messages), e.g. 256MiB"
                        + " or 2GB; empty: a quarter of the JVM's maximum heap", ConfigSchema::memoryBudget);
        add("Jdht.Swarm.ExemptLoopback", FieldKind.BOOLEAN, JSON.booleanNode(true), true,
                "connections from 127.0.0.0/8 and ::1 skip the per-address limits and may use the reserve (local"
                        + " clients and test nodes); false: loopback is treated as any address", v -> null);
        add("API.HTTPHeaders.Access-Control-Allow-Origin", FieldKind.STRING_LIST, strings(), true,
                "browser origins allowed to call the API (requests with any other Origin header get 403)", v -> null);
        add("Ipns.RecordLifetime", FieldKind.DURATION, JSON.textNode("48h"), true,
                "how long an IPNS record published by name/publish stays valid unless --lifetime says otherwise", v -> null);
        add("Reprovider.Interval", FieldKind.DURATION, JSON.textNode("22h"), true,
                "how often the node announces again the content it provides and puts again the records it put",
                v -> positiveDuration(v));
        add("Provide.DHT.SweepEnabled", FieldKind.BOOLEAN, JSON.booleanNode(true), true,
                "reprovide by key-space region, spread over the interval (a few lookups per region); false: one"
                        + " lookup per key, all keys at once", v -> null);
        add("Jdht.Dht.PublicAddressesOnly", FieldKind.BOOLEAN, JSON.booleanNode(true), true,
                "a node on the public network: ignore private and loopback addresses in the DHT", v -> null);
        add("Jdht.Dht.QueryTimeout", FieldKind.DURATION, JSON.textNode("60s"), true,
                "time budget of a DHT operation when the caller gives none", v -> positiveDuration(v));
        add("Jdht.Api.MaxRequestBodyBytes", FieldKind.POSITIVE_INT, JSON.numberNode(1L << 30), true,
                "largest request body the API accepts (add, block/put, routing/put)", v -> null);
    }

    private ConfigSchema() {}

    /** All keys, in the order of the config file. */
    public static List<ConfigField> fields() {
        return List.copyOf(FIELDS.values());
    }

    public static Optional<ConfigField> field(String key) {
        return Optional.ofNullable(FIELDS.get(key));
    }

    /** The field for {@code key}, or an error that names the key and, if any, the keys it resembles. */
    public static ConfigField require(String key) throws ConfigException {
        ConfigField f = FIELDS.get(key);
        if (f != null) {
            return f;
        }
        List<String> near = new ArrayList<>();
        String lower = key.toLowerCase(Locale.ROOT);
        for (String k : FIELDS.keySet()) {
            String kl = k.toLowerCase(Locale.ROOT);
            if (kl.equals(lower) || kl.endsWith("." + lower) || (lower.length() >= 4 && kl.contains(lower))) {
                near.add(k);
            }
        }
        throw new ConfigException("unknown config key \"" + key + "\""
                + (near.isEmpty() ? " (jdht config show lists the keys)" : "; did you mean " + String.join(" or ", near) + "?"));
    }

    /**
     * Checks a value for a field: its shape, then the field's own rule.
     *
     * @throws ConfigException naming the key, the value and what is wrong
     */
    public static void validate(ConfigField f, JsonNode value) throws ConfigException {
        String problem = shapeProblem(f, value);
        if (problem == null) {
            problem = f.check().apply(value);
        }
        if (problem != null) {
            throw new ConfigException(f.key() + ": " + problem);
        }
    }

    private static String shapeProblem(ConfigField f, JsonNode v) {
        return switch (f.kind()) {
            case STRING -> v.isTextual() ? null : "expected a string, got " + v;
            case BOOLEAN -> v.isBoolean() ? null : "expected true or false, got " + v;
            case POSITIVE_INT -> v.canConvertToLong() && v.isIntegralNumber() && v.asLong() > 0
                    ? null : "expected a whole number greater than 0, got " + v;
            case DURATION -> !v.isTextual() ? "expected a duration string such as \"30s\", got " + v : durationProblem(v.asText());
            case CHOICE -> v.isTextual() && f.choices().contains(v.asText())
                    ? null : "expected one of " + String.join(", ", f.choices()) + ", got " + v;
            case MULTIADDR -> !v.isTextual() ? "expected a multiaddr string, got " + v : multiaddrProblem(v.asText());
            case MULTIADDR_LIST -> listProblem(v, true);
            case STRING_LIST -> listProblem(v, false);
        };
    }

    private static String listProblem(JsonNode v, boolean multiaddrs) {
        if (!v.isArray()) {
            return "expected a JSON array of strings, got " + v;
        }
        for (JsonNode item : v) {
            if (!item.isTextual()) {
                return "expected strings in the array, got " + item;
            }
            if (multiaddrs) {
                String p = multiaddrProblem(item.asText());
                if (p != null) {
                    return p;
                }
            }
        }
        return null;
    }

    private static String durationProblem(String text) {
        try {
            return GoDuration.parse(text).isNegative() ? "'" + text + "' is negative" : null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    private static String multiaddrProblem(String text) {
        try {
            Multiaddr.parse(text);
            return null;
        } catch (IllegalArgumentException e) {
            return "'" + text + "' is not a multiaddr: " + e.getMessage();
        }
    }

    private static String positiveDuration(JsonNode v) {
        return GoDuration.parse(v.asText()).isZero() ? "must be longer than zero" : null;
    }

    private static String memoryBudget(JsonNode v) {
        if (v.asText().isBlank()) {
            return null;
        }
        try {
            return ByteSize.parse(v.asText()) < MIN_MEMORY_BUDGET
                    ? "'" + v.asText() + "' is too small; give at least 16MiB" : null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    private static String tcpAddress(JsonNode v) {
        return isTcpListenAddress(Multiaddr.parse(v.asText())) ? null
                : "'" + v.asText() + "' is not an address to listen on; write /ip4/<ip>/tcp/<port> or /ip6/<ip>/tcp/<port>";
    }

    private static String listenAddresses(JsonNode v) {
        for (JsonNode item : v) {
            String p = tcpAddress(item);
            if (p != null) {
                return p;
            }
        }
        return null;
    }

    private static String bootstrapPeers(JsonNode v) {
        for (JsonNode item : v) {
            if (Multiaddr.parse(item.asText()).peerIdMultihash().isEmpty()) {
                return "'" + item.asText() + "' does not end in /p2p/<peer-id>";
            }
        }
        return null;
    }

    /** {@code /ip4|ip6/<ip>/tcp/<port>} and nothing else. */
    static boolean isTcpListenAddress(Multiaddr a) {
        var parts = a.components();
        return parts.size() == 2
                && (parts.get(0).protocol().protocolName().equals("ip4") || parts.get(0).protocol().protocolName().equals("ip6"))
                && parts.get(1).protocol().protocolName().equals("tcp");
    }

    private static void add(String key, FieldKind kind, JsonNode def, boolean editable, String description,
            Function<JsonNode, String> check) {
        FIELDS.put(key, new ConfigField(key, kind, List.of(), def, description, editable, check));
    }

    private static void addChoice(String key, List<String> choices, String def, String description) {
        FIELDS.put(key, new ConfigField(key, FieldKind.CHOICE, choices, JSON.textNode(def), description, true, v -> null));
    }

    private static ArrayNode strings(String... values) {
        ArrayNode a = JSON.arrayNode();
        for (String s : values) {
            a.add(s);
        }
        return a;
    }
}
