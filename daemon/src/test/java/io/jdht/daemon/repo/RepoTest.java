package io.jdht.daemon.repo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdht.crypto.KeyType;
import io.jdht.crypto.PrivateKey;
import io.jdht.daemon.config.ConfigException;
import io.jdht.multiformats.Multiaddr;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RepoTest {
    @TempDir
    Path dir;

    @Test
    void initWritesAPrivateConfigWithTheIdentity() throws Exception {
        Repo repo = Repo.at(dir.resolve("r"));
        PrivateKey key = repo.init(KeyType.ED25519, "test");
        assertThat(repo.isInitialized()).isTrue();
        assertThat(repo.identity()).get().extracting(PrivateKey::marshal).isEqualTo(key.marshal());
        assertThat(Files.getPosixFilePermissions(repo.configFile()))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        assertThat(repo.readConfig().strings("Bootstrap")).isEmpty();
        assertThatThrownBy(() -> repo.init(KeyType.ED25519, "")).hasMessageContaining("already exists");
    }

    @Test
    void anUnknownProfileWritesNothing() {
        Repo repo = Repo.at(dir.resolve("r"));
        assertThatThrownBy(() -> repo.init(KeyType.ED25519, "tset")).isInstanceOf(ConfigException.class);
        assertThat(repo.isInitialized()).isFalse();
    }

    @Test
    void readingAMissingRepoSaysHowToMakeOne() {
        assertThatThrownBy(() -> Repo.at(dir.resolve("none")).readConfig()).hasMessageContaining("run jdht init");
    }

    @Test
    void theLockIsExclusiveAndReleasedOnClose() throws Exception {
        Repo repo = Repo.at(dir);
        try (RepoLock held = repo.lock()) {
            assertThatThrownBy(repo::lock).isInstanceOf(RepoLock.RepoLockedException.class)
                    .hasMessageContaining("another jdht daemon (pid " + ProcessHandle.current().pid() + ")")
                    .hasMessageContaining(dir.toString());
        }
        repo.lock().close();
    }

    @Test
    void theApiFileHoldsTheAddress() throws Exception {
        Repo repo = Repo.at(dir);
        assertThat(repo.apiAddress()).isEmpty();
        repo.writeApiAddress(Multiaddr.parse("/ip4/127.0.0.1/tcp/5001"));
        assertThat(Files.readString(repo.apiFile())).isEqualTo("/ip4/127.0.0.1/tcp/5001");
        assertThat(repo.apiAddress()).contains(Multiaddr.parse("/ip4/127.0.0.1/tcp/5001"));
        repo.removeApiAddress();
        assertThat(repo.apiFile()).doesNotExist();
    }
}
