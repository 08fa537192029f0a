package io.jdht.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jdht.crypto.Ed25519PrivateKey;
import io.jdht.crypto.PeerId;
import io.jdht.multiformats.Multiaddr;
import io.jdht.net.host.Host;
import io.jdht.net.host.HostConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The jdht commands as a user runs them: output, JSON shapes and exit codes. */
@Timeout(60)
class CliTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private ConsoleCapture console;
    private Host target;

    @TempDir
    Path repo;

    @BeforeEach
    void capture() {
        console = ConsoleCapture.start();
    }

    @AfterEach
    void restore() {
        console.close();
        if (target != null) {
            target.close();
        }
    }

    private int run(String... args) {
        return console.run(args);
    }

    private String stdout() {
        return console.stdout();
    }

    private String stderr() {
        return console.stderr();
    }

    private String targetAddress() {
        byte[] seed = new byte[32];
        seed[0] = 5;
        target = Host.create(HostConfig.builder(Ed25519PrivateKey.fromSeed(seed)).build());
        target.start().join();
        return target.listenAddresses().get(0).encapsulate(Multiaddr.parse("/p2p/" + target.peerId())).toString();
    }

    @Test
    void idCreatesTheIdentityOnceAndPrintsJson() throws Exception {
        assertThat(run("id", "--json", "--repo", repo.toString())).isZero();
        JsonNode first = JSON.readTree(stdout());
        assertThat(stderr()).contains("initialized a new identity");
        PeerId id = PeerId.parse(first.get("ID").asText());
        assertThat(first.get("Protocols").toString()).contains("/ipfs/ping/1.0.0");
        assertThat(run("id", "--json", "--repo", repo.toString())).isZero();
        assertThat(PeerId.parse(JSON.readTree(stdout()).get("ID").asText())).isEqualTo(id);
        assertThat(stderr()).isEmpty();
    }

    @Test
    void initRefusesToOverwrite() {
        assertThat(run("init", "--repo", repo.toString())).isZero();
        assertThat(run("init", "--repo", repo.toString())).isEqualTo(1);
        assertThat(stderr()).contains("already exists");
        assertThat(run("init", "--repo", repo.resolve("x").toString(), "--algorithm", "dsa")).isEqualTo(2);
        assertThat(stderr()).contains("--algorithm").contains("dsa");
    }

    @Test
    void pingPrintsEachRoundTrip() throws Exception {
        String addr = targetAddress();
        assertThat(run("ping", "--count", "3", "--json", addr)).isZero();
        String[] lines = stdout().strip().split("\n");
        assertThat(lines).hasSize(3);
        for (String line : lines) {
            JsonNode n = JSON.readTree(line);
            assertThat(n.get("Success").asBoolean()).isTrue();
            assertThat(n.get("Time").asLong()).isPositive();
        }
        assertThat(run("ping", "-n", "2", addr)).isZero();
        assertThat(stdout()).contains("Pong received: seq=2").contains("Average latency");
    }

    @Test
    void identifyPrintsTheRemote() throws Exception {
        String addr = targetAddress();
        assertThat(run("identify", "--json", addr)).isZero();
        JsonNode n = JSON.readTree(stdout());
        assertThat(n.get("ID").asText()).isEqualTo(target.peerId().toString());
        assertThat(n.get("AgentVersion").asText()).isEqualTo(HostConfig.DEFAULT_AGENT);
        assertThat(n.get("Protocols").toString()).contains("/ipfs/id/1.0.0");
        assertThat(n.get("Addresses").get(0).asText()).isEqualTo(target.listenAddresses().get(0).toString());
    }

    @Test
    void usageErrorsExitTwoAndNameTheArgument() {
        assertThat(run("ping", "/ip4/127.0.0.1/tcp/1")).isEqualTo(2);
        assertThat(stderr()).contains("<multiaddr>").contains("/p2p/");
        assertThat(run("ping", "not-an-address")).isEqualTo(2);
        assertThat(stderr()).contains("not a valid multiaddr");
        assertThat(run("ping", "--count", "0", "/ip4/127.0.0.1/tcp/1/p2p/12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA")).isEqualTo(2);
        assertThat(stderr()).contains("--count");
        assertThat(run("ping", "--timeout", "soon", "/ip4/127.0.0.1/tcp/1/p2p/12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA")).isEqualTo(2);
        assertThat(stderr()).contains("not a duration");
        assertThat(run("frobnicate")).isEqualTo(2);
    }

    @Test
    void aFailedDialExitsOneWithAReason() {
        // nothing listens on port 1
        assertThat(run("ping", "--timeout", "5s", "/ip4/127.0.0.1/tcp/1/p2p/12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA")).isEqualTo(1);
        assertThat(stderr()).startsWith("jdht: ").contains("127.0.0.1");
        assertThat(stderr().strip().lines().count()).isEqualTo(1);
    }
}
