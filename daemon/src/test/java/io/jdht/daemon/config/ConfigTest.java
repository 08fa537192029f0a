package io.jdht.daemon.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.jdht.crypto.KeyType;
import io.jdht.crypto.PeerId;
import io.jdht.crypto.PrivateKey;
import io.jdht.multiformats.Multiaddr;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConfigTest {
    private static final JsonNodeFactory J = JsonNodeFactory.instance;
    private final PrivateKey key = PrivateKey.generate(KeyType.ED25519, new SecureRandom());
    private final Config config = Config.defaults(key, PeerId.fromPublicKey(key.publicKey()).toBase58());

    private static ConfigField field(String k) {
        return ConfigSchema.field(k).orElseThrow();
    }

    @Test
    void defaultsHaveKubosShape() throws Exception {
        var tree = new ObjectMapper().readTree(config.toJson());
        assertThat(tree.path("Identity").path("PeerID").asText()).isEqualTo(PeerId.fromPublicKey(key.publicKey()).toBase58());
        assertThat(tree.path("Addresses").path("API").asText()).isEqualTo("/ip4/127.0.0.1/tcp/5001");
        assertThat(tree.path("Addresses").path("Swarm").get(0).asText()).isEqualTo("/ip4/0.0.0.0/tcp/4001");
        assertThat(tree.path("Routing").path("Type").asText()).isEqualTo("auto");
        assertThat(tree.path("Bootstrap")).hasSize(ConfigSchema.DEFAULT_BOOTSTRAP.size());
        assertThat(tree.path("Bootstrap").get(0).asText()).startsWith("/dnsaddr/bootstrap.libp2p.io/p2p/");
        assertThat(config.identity().marshal()).isEqualTo(key.marshal());
        assertThat(config.duration("Reprovider.Interval")).isEqualTo(Duration.ofHours(22));
        assertThat(config.string("Swarm.ResourceMgr.MaxMemory")).as("empty: sized from the heap").isEmpty();
        assertThat(config.bool("Jdht.Swarm.ExemptLoopback")).isTrue();
    }

    @Test
    void setChecksTheValueAndNamesTheKey() throws Exception {
        config.set(field("Addresses.API"), J.textNode("/ip4/127.0.0.1/tcp/5002"));
        assertThat(config.multiaddr("Addresses.API")).isEqualTo(Multiaddr.parse("/ip4/127.0.0.1/tcp/5002"));
        assertThatThrownBy(() -> config.set(field("Addresses.API"), J.textNode("/ip4/127.0.0.1/udp/5002")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("Addresses.API: ").hasMessageContaining("tcp");
        assertThatThrownBy(() -> config.set(field("Addresses.API"), J.textNode("not an address")))
                .hasMessageContaining("is not a multiaddr");
        assertThatThrownBy(() -> config.set(field("Routing.Type"), J.textNode("fast")))
                .hasMessageContaining("expected one of auto, dhtserver, dhtclient, none");
        assertThatThrownBy(() -> config.set(field("Bootstrap"), J.arrayNode().add("/ip4/1.2.3.4/tcp/4001")))
                .hasMessageContaining("does not end in /p2p/");
        assertThatThrownBy(() -> config.set(field("Reprovider.Interval"), J.textNode("0")))
                .hasMessageContaining("longer than zero");
        assertThatThrownBy(() -> config.set(field("Swarm.ConnMgr.HighWater"), J.numberNode(0)))
                .hasMessageContaining("greater than 0");
        assertThatThrownBy(() -> config.set(field("Swarm.ResourceMgr.MaxMemory"), J.textNode("lots")))
                .hasMessageStartingWith("Swarm.ResourceMgr.MaxMemory: ").hasMessageContaining("whole number");
        assertThatThrownBy(() -> config.set(field("Swarm.ResourceMgr.MaxMemory"), J.textNode("8MiB")))
                .hasMessageContaining("at least 16MiB");
        assertThat(config.multiaddr("Addresses.API")).as("a refused value changes nothing")
                .isEqualTo(Multiaddr.parse("/ip4/127.0.0.1/tcp/5002"));
    }

    @Test
    void unknownKeysAreRefusedWithASuggestion() {
        assertThatThrownBy(() -> ConfigSchema.require("Addresses.Apl")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown config key \"Addresses.Apl\"");
        assertThatThrownBy(() -> ConfigSchema.require("routing.type")).hasMessageContaining("did you mean Routing.Type");
    }

    @Test
    void parseRoundTripsAndKeepsKeysItDoesNotKnow() throws Exception {
        String text = new String(config.toJson(), StandardCharsets.UTF_8)
                .replaceFirst("\\{", "{\"Gateway\": {\"Port\": 8080},");
        Config read = Config.parse(text.getBytes(StandardCharsets.UTF_8), "config.json");
        assertThat(read.unknownKeys()).containsExactly("Gateway");
        assertThat(new String(read.toJson(), StandardCharsets.UTF_8)).contains("\"Port\" : 8080");
        assertThat(read.identity().marshal()).isEqualTo(key.marshal());
    }

    @Test
    void aFileWithAnUnusableValueIsRefusedAtRead() {
        byte[] bad = "{\"Routing\": {\"Type\": 3}}".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> Config.parse(bad, "/r/config.json")).isInstanceOf(ConfigException.class)
                .hasMessage("/r/config.json: Routing.Type: expected one of auto, dhtserver, dhtclient, none, got 3");
        assertThatThrownBy(() -> Config.parse("[1]".getBytes(StandardCharsets.UTF_8), "c")).hasMessageContaining("JSON object");
        assertThatThrownBy(() -> Config.parse("{".getBytes(StandardCharsets.UTF_8), "c")).hasMessageContaining("not valid JSON");
    }

    @Test
    void missingFieldsTakeTheirDefaults() throws Exception {
        Config old = Config.parse("{\"Identity\":{\"PrivKey\":\"\"}}".getBytes(StandardCharsets.UTF_8), "c");
        assertThat(old.routingType()).isEqualTo(RoutingType.AUTO);
        assertThat(old.strings("Bootstrap")).isEqualTo(ConfigSchema.DEFAULT_BOOTSTRAP);
        assertThatThrownBy(old::identity).hasMessageContaining("run jdht init");
    }

    @Test
    void showHidesThePrivateKey() {
        assertThat(config.withoutSecrets().path("Identity").has("PrivKey")).isFalse();
        assertThat(config.withoutSecrets().path("Identity").has("PeerID")).isTrue();
    }

    @Test
    void testProfileIsLoopbackWithAnyPortAndNoBootstrap() throws Exception {
        ConfigProfile.apply("test", config);
        assertThat(config.multiaddr("Addresses.API")).isEqualTo(Multiaddr.parse("/ip4/127.0.0.1/tcp/0"));
        assertThat(config.strings("Bootstrap")).isEmpty();
        assertThat(config.bool("Jdht.Dht.PublicAddressesOnly")).isFalse();
        assertThatThrownBy(() -> ConfigProfile.apply("fast", config)).hasMessageContaining("unknown profile \"fast\"");
    }
}
