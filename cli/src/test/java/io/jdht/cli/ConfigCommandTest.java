package io.jdht.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jdht.daemon.config.ConfigSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jdht init}, {@code jdht config} and {@code jdht bootstrap} as a Kubo user types them. */
class ConfigCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private ConsoleCapture console;

    @TempDir
    Path dir;

    private String repo;

    @BeforeEach
    void init() {
        console = ConsoleCapture.start();
        repo = dir.resolve("repo").toString();
        assertThat(console.run("init", "--repo", repo)).isZero();
        assertThat(console.stdout()).contains("initialized jdht node at").contains("peer identity: 12D3KooW");
    }

    @AfterEach
    void restore() {
        console.close();
    }

    private int run(String... args) {
        String[] withRepo = java.util.Arrays.copyOf(args, args.length + 2);
        withRepo[args.length] = "--repo";
        withRepo[args.length + 1] = repo;
        return console.run(withRepo);
    }

    @Test
    void readsAndSetsKeysAsIpfsConfigDoes() throws Exception {
        assertThat(run("config", "Addresses.API")).isZero();
        assertThat(console.stdout()).isEqualTo("/ip4/127.0.0.1/tcp/5001\n");
        assertThat(run("config", "Addresses.API", "/ip4/127.0.0.1/tcp/5002")).isZero();
        assertThat(run("config", "Addresses.API")).isZero();
        assertThat(console.stdout()).isEqualTo("/ip4/127.0.0.1/tcp/5002\n");
        assertThat(run("config", "--json", "Bootstrap", "[]")).isZero();
        assertThat(run("config", "Bootstrap")).isZero();
        assertThat(console.stdout().trim()).isEqualTo("[ ]");
        assertThat(run("config", "Routing.Type", "dhtserver")).isZero();
        assertThat(run("config", "Jdht.Dht.PublicAddressesOnly", "false")).isZero();
        assertThat(run("config", "Swarm.ConnMgr.HighWater", "300")).isZero();
        var file = JSON.readTree(Files.readAllBytes(Path.of(repo, "config.json")));
        assertThat(file.at("/Routing/Type").asText()).isEqualTo("dhtserver");
        assertThat(file.at("/Swarm/ConnMgr/HighWater").asInt()).isEqualTo(300);
        assertThat(file.at("/Jdht/Dht/PublicAddressesOnly").asBoolean()).isFalse();
    }

    @Test
    void badKeysAndValuesAreUsageErrorsThatChangeNothing() throws Exception {
        byte[] before = Files.readAllBytes(Path.of(repo, "config.json"));
        assertThat(run("config", "Adresses.API", "/ip4/127.0.0.1/tcp/1")).isEqualTo(2);
        assertThat(console.stderr()).contains("unknown config key \"Adresses.API\"");
        assertThat(run("config", "Addresses.API", "localhost:5001")).isEqualTo(2);
        assertThat(console.stderr()).contains("Addresses.API").contains("is not a multiaddr");
        assertThat(run("config", "Routing.Type", "fast")).isEqualTo(2);
        assertThat(console.stderr()).contains("expected one of auto, dhtserver, dhtclient, none");
        assertThat(run("config", "--json", "Bootstrap", "[oops")).isEqualTo(2);
        assertThat(console.stderr()).contains("--json").contains("not valid JSON");
        assertThat(run("config", "Bootstrap", "/ip4/1.2.3.4/tcp/1/p2p/QmNnooDu7bfjPFoTZYxMNLWUQJyrVwtbZg5gBMjTezGAJN"))
                .isEqualTo(2);
        assertThat(console.stderr()).contains("is a list; set it with --json");
        assertThat(run("config", "Identity.PrivKey")).isEqualTo(2);
        assertThat(console.stderr()).contains("private key cannot be shown");
        assertThat(run("config", "Identity.PeerID", "12D3KooWx")).isEqualTo(2);
        assertThat(Files.readAllBytes(Path.of(repo, "config.json"))).isEqualTo(before);
    }

    @Test
    void showPrintsEverythingButThePrivateKey() throws Exception {
        assertThat(run("config", "show")).isZero();
        var shown = JSON.readTree(console.stdout());
        assertThat(shown.at("/Identity/PeerID").asText()).startsWith("12D3KooW");
        assertThat(shown.at("/Identity").has("PrivKey")).isFalse();
        assertThat(run("config", "keys")).isZero();
        for (var f : ConfigSchema.fields()) {
            assertThat(console.stdout()).contains(f.key());
        }
    }

    @Test
    void bootstrapListAddRemove() {
        assertThat(run("bootstrap", "list")).isZero();
        assertThat(console.stdout().lines().toList()).isEqualTo(ConfigSchema.DEFAULT_BOOTSTRAP);
        assertThat(run("bootstrap", "rm", "--all")).isZero();
        assertThat(console.stdout().lines()).hasSize(ConfigSchema.DEFAULT_BOOTSTRAP.size()).allMatch(l -> l.startsWith("removed "));
        assertThat(run("bootstrap")).isZero();
        assertThat(console.stdout()).isEmpty();
        String peer = "/ip4/127.0.0.1/tcp/4001/p2p/QmNnooDu7bfjPFoTZYxMNLWUQJyrVwtbZg5gBMjTezGAJN";
        assertThat(run("bootstrap", "add", peer)).isZero();
        assertThat(console.stdout()).isEqualTo("added " + peer + "\n");
        assertThat(run("bootstrap", "add", "--default")).isZero();
        assertThat(run("bootstrap", "list")).isZero();
        assertThat(console.stdout().lines()).hasSize(ConfigSchema.DEFAULT_BOOTSTRAP.size() + 1).first().isEqualTo(peer);
        assertThat(run("bootstrap", "rm", peer)).isZero();
        assertThat(console.stdout()).isEqualTo("removed " + peer + "\n");
        assertThat(run("bootstrap", "add", "/ip4/127.0.0.1/tcp/4001")).isEqualTo(2);
        assertThat(console.stderr()).contains("does not end in /p2p/");
        assertThat(run("bootstrap", "rm", peer)).isEqualTo(1);
        assertThat(console.stderr()).contains("is not in the bootstrap list");
    }

    @Test
    void initProfilesAreChecked() {
        assertThat(console.run("init", "--repo", dir.resolve("t").toString(), "--profile", "test")).isZero();
        assertThat(console.run("config", "Bootstrap", "--repo", dir.resolve("t").toString())).isZero();
        assertThat(console.stdout().trim()).isEqualTo("[ ]");
        assertThat(console.run("init", "--repo", dir.resolve("u").toString(), "--profile", "tset")).isEqualTo(2);
        assertThat(console.stderr()).contains("unknown profile \"tset\"");
    }
}
