package io.jdht.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.jdht.crypto.KeyType;
import io.jdht.crypto.PrivateKey;
import io.jdht.daemon.config.Config;
import io.jdht.daemon.config.ConfigException;
import io.jdht.daemon.config.ConfigSchema;
import io.jdht.daemon.config.RoutingType;
import io.jdht.daemon.repo.Repo;
import io.jdht.daemon.repo.RepoLock;
import io.jdht.multiformats.Multiaddr;
import io.jdht.net.resources.MemoryLimits;
import io.jdht.node.DhtMode;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DaemonTest {
    @TempDir
    Path dir;

    @Test
    void aSecondDaemonOnTheSameRepoFailsAtOnce() throws Exception {
        Repo repo = Repo.at(dir);
        repo.init(KeyType.ED25519, "test");
        try (Daemon first = Daemon.start(repo, DaemonOptions.fromConfig())) {
            assertThat(first.node().mode()).as("test profile: alone on loopback, so it serves").isEqualTo(DhtMode.SERVER);
            assertThatThrownBy(() -> Daemon.start(repo, DaemonOptions.fromConfig()))
                    .isInstanceOf(RepoLock.RepoLockedException.class)
                    .hasMessageContaining("another jdht daemon");
        }
        // the lock went with the first daemon
        try (Daemon again = Daemon.start(repo, DaemonOptions.fromConfig())) {
            assertThat(again.node().peerId()).isNotNull();
        }
    }

    @Test
    void keepsItsIdentityAcrossRestarts() throws Exception {
        Repo repo = Repo.at(dir);
        repo.init(KeyType.ED25519, "test");
        String first;
        try (Daemon d = Daemon.start(repo, DaemonOptions.fromConfig())) {
            first = d.node().peerId().toString();
        }
        try (Daemon d = Daemon.start(repo, DaemonOptions.fromConfig())) {
            assertThat(d.node().peerId().toString()).isEqualTo(first);
        }
    }

    @Test
    void joinsThroughAnotherDaemonAndSaysSoOnceWhenNobodyAnswers() throws Exception {
        Repo a = Repo.at(dir.resolve("a"));
        a.init(KeyType.ED25519, "test");
        Repo b = Repo.at(dir.resolve("b"));
        b.init(KeyType.ED25519, "test");
        List<String> console = new CopyOnWriteArrayList<>();
        try (Daemon first = Daemon.start(a, DaemonOptions.fromConfig())) {
            Multiaddr addr = first.node().addresses().getFirst();
            try (Daemon second = Daemon.start(b, DaemonOptions.fromConfig().withBootstrap(List.of(addr))
                    .withRouting(RoutingType.DHTSERVER).withConsole(console::add))) {
                await().atMost(Duration.ofSeconds(20)).until(() -> second.node().routingTable().join().size() == 1);
                assertThat(second.node().routingTable().join().getFirst().id()).isEqualTo(first.node().peerId());
            }
            assertThat(console).noneMatch(l -> l.startsWith("no bootstrap peer answered"));
        }
        // now the bootstrap peer is gone
        Multiaddr gone = Multiaddr.parse("/ip4/127.0.0.1/tcp/1/p2p/QmNnooDu7bfjPFoTZYxMNLWUQJyrVwtbZg5gBMjTezGAJN");
        console.clear();
        try (Daemon lonely = Daemon.start(b, DaemonOptions.fromConfig().withBootstrap(List.of(gone)).withConsole(console::add))) {
            await().atMost(Duration.ofSeconds(20)).until(() -> console.stream().anyMatch(l -> l.startsWith("no bootstrap peer answered")));
            assertThat(lonely.node().host().listenAddresses()).isNotEmpty();
        }
        assertThat(console.stream().filter(l -> l.startsWith("no bootstrap peer answered"))).hasSize(1);
    }

    /** A test-profile repo in {@link #dir} whose config has {@code key} set to {@code value}. */
    private Repo repoWith(String key, JsonNode value) throws Exception {
        Repo repo = Repo.at(dir);
        if (!repo.isInitialized()) {
            repo.init(KeyType.ED25519, "test");
        }
        Config config = repo.readConfig();
        config.set(ConfigSchema.field(key).orElseThrow(), value);
        repo.writeConfig(config);
        return repo;
    }

    @Test
    void resourceLimitsFromTheConfigReachTheNode() throws Exception {
        repoWith("Swarm.ResourceMgr.MaxMemory", JsonNodeFactory.instance.textNode("32MiB"));
        Repo repo = repoWith("Jdht.Swarm.ExemptLoopback", JsonNodeFactory.instance.booleanNode(false));
        try (Daemon d = Daemon.start(repo, DaemonOptions.fromConfig())) {
            assertThat(d.node().host().resourceManager().limits().node()).isEqualTo(32L << 20);
            assertThat(d.node().host().connectionManager().limits().exemptLoopback()).isFalse();
        }
    }

    @Test
    void aMemoryBudgetBeyondTheHeapIsRefusedByName() throws Exception {
        Config config = repoWith("Swarm.ResourceMgr.MaxMemory", JsonNodeFactory.instance.textNode("2GB")).readConfig();
        assertThat(Daemon.memoryLimits(config, 4_000_000_000L).node()).isEqualTo(2_000_000_000L);
        assertThatThrownBy(() -> Daemon.memoryLimits(config, 1L << 30))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Swarm.ResourceMgr.MaxMemory (2GB) is more than the JVM's maximum heap (1024 MiB)");
        Config defaults = Config.defaults(PrivateKey.generate(KeyType.ED25519, new SecureRandom()), "test");
        assertThat(Daemon.memoryLimits(defaults, 1L << 30)).as("empty: a quarter of the heap")
                .isEqualTo(MemoryLimits.forHeap(1L << 30));
    }
}
