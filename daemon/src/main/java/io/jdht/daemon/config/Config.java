package io.jdht.daemon.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jdht.crypto.PrivateKey;
import io.jdht.multiformats.Multiaddr;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The contents of {@code config.json}: a JSON tree in Kubo's shape, read and changed by dotted
 * keys ({@code Addresses.API}), with typed getters for what the daemon uses. Values are checked
 * against {@link ConfigSchema} when set and when the file is read, so a daemon never starts on a
 * value it would misread. Fields the file lacks take their defaults; fields jdht does not know
 * are kept as they are (a config edited by hand or by a newer jdht loses nothing).
 */
public final class Config {
    private final ObjectNode root;

    /**
     * Only writing needs an ObjectMapper: reading is done by {@link JsonTreeReader}, so that the
     * commands that only read config.json (most of them) do not pay for building one.
     */
    private static final class Writer {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    private Config(ObjectNode root) {
        this.root = root;
    }

    /** A new config with every default, the given identity and, if given, a profile applied. */
    public static Config defaults(PrivateKey identity, String peerId) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        Config c = new Config(root);
        for (ConfigField f : ConfigSchema.fields()) {
            c.put(f, f.defaultValue().deepCopy());
        }
        c.put(ConfigSchema.field("Identity.PeerID").orElseThrow(), JsonNodeFactory.instance.textNode(peerId));
        c.put(ConfigSchema.field("Identity.PrivKey").orElseThrow(),
                JsonNodeFactory.instance.textNode(Base64.getEncoder().encodeToString(identity.marshal())));
        return c;
    }

    /**
     * Reads a config file's text, checking every known key that is present.
     *
     * @throws ConfigException if the text is not a JSON object or a value is unusable
     */
    public static Config parse(byte[] json, String source) throws ConfigException {
        JsonNode tree;
        try {
            tree = JsonTreeReader.read(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new ConfigException(source + " is not valid JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new ConfigException(source + " could not be read: " + e.getMessage(), e);
        }
        if (tree == null || !tree.isObject()) {
            throw new ConfigException(source + " must hold a JSON object");
        }
        Config c = new Config((ObjectNode) tree);
        for (ConfigField f : ConfigSchema.fields()) {
            JsonNode v = c.lookup(f.key());
            if (v != null) {
                try {
                    ConfigSchema.validate(f, v);
                } catch (ConfigException e) {
                    throw new ConfigException(source + ": " + e.getMessage());
                }
            }
        }
        return c;
    }

    public byte[] toJson() {
        try {
            return Writer.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    /** The whole config with the private key removed, as {@code ipfs config show} prints it. */
    public ObjectNode withoutSecrets() {
        ObjectNode copy = root.deepCopy();
        if (copy.get("Identity") instanceof ObjectNode identity) {
            identity.remove("PrivKey");
        }
        return copy;
    }

    /** The value at a key: the file's, or the default if the file has none. */
    public JsonNode get(ConfigField f) {
        JsonNode v = lookup(f.key());
        return v != null ? v : f.defaultValue();
    }

    /** Sets a key after checking the value; creates the objects on the path as needed. */
    public void set(ConfigField f, JsonNode value) throws ConfigException {
        ConfigSchema.validate(f, value);
        put(f, value);
    }

    private void put(ConfigField f, JsonNode value) {
        List<String> path = f.path();
        ObjectNode at = root;
        for (String segment : path.subList(0, path.size() - 1)) {
            JsonNode next = at.get(segment);
            if (!(next instanceof ObjectNode)) {
                next = at.putObject(segment);
            }
            at = (ObjectNode) next;
        }
        at.set(path.getLast(), value);
    }

    private JsonNode lookup(String key) {
        JsonNode at = root;
        for (String segment : key.split("\\.")) {
            at = at.get(segment);
            if (at == null) {
                return null;
            }
        }
        return at;
    }

    // ------------------------------------------------------------ typed getters

    public String string(String key) {
        return get(field(key)).asText();
    }

    public boolean bool(String key) {
        return get(field(key)).asBoolean();
    }

    public long number(String key) {
        return get(field(key)).asLong();
    }

    public Duration duration(String key) {
        return GoDuration.parse(string(key));
    }

    public Multiaddr multiaddr(String key) {
        return Multiaddr.parse(string(key));
    }

    public List<Multiaddr> multiaddrs(String key) {
        List<Multiaddr> out = new ArrayList<>();
        for (JsonNode item : get(field(key))) {
            out.add(Multiaddr.parse(item.asText()));
        }
        return List.copyOf(out);
    }

    public List<String> strings(String key) {
        List<String> out = new ArrayList<>();
        for (JsonNode item : get(field(key))) {
            out.add(item.asText());
        }
        return List.copyOf(out);
    }

    public RoutingType routingType() {
        return RoutingType.of(string("Routing.Type"));
    }

    /** The identity in {@code Identity.PrivKey}. */
    public PrivateKey identity() throws ConfigException {
        String text = string("Identity.PrivKey");
        if (text.isEmpty()) {
            throw new ConfigException("Identity.PrivKey is empty: the repo has no identity (run jdht init)");
        }
        try {
            return PrivateKey.unmarshal(Base64.getDecoder().decode(text));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("Identity.PrivKey is unreadable: " + e.getMessage(), e);
        }
    }

    private static ConfigField field(String key) {
        return ConfigSchema.field(key).orElseThrow(() -> new IllegalArgumentException("no config field " + key));
    }

    /** Keys present in the file that jdht does not know (kept, but worth a warning). */
    public List<String> unknownKeys() {
        List<String> out = new ArrayList<>();
        collectUnknown(root, "", out);
        return out;
    }

    private static void collectUnknown(JsonNode node, String prefix, List<String> out) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            if (ConfigSchema.field(key).isPresent()) {
                continue;
            }
            boolean isParent = ConfigSchema.fields().stream().anyMatch(f -> f.key().startsWith(key + "."));
            if (isParent && e.getValue().isObject()) {
                collectUnknown(e.getValue(), key, out);
            } else {
                out.add(key);
            }
        }
    }
}
