package io.jdht.daemon.repo;

import io.jdht.crypto.KeyType;
import io.jdht.crypto.PeerId;
import io.jdht.crypto.PrivateKey;
import io.jdht.daemon.config.Config;
import io.jdht.daemon.config.ConfigException;
import io.jdht.daemon.config.ConfigProfile;
import io.jdht.multiformats.Multiaddr;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Optional;

/**
 * The node's home folder, like Kubo's {@code ~/.ipfs}: {@code --repo}, else {@code $JDHT_PATH},
 * else {@code ~/.jdht}. It holds:
 *
 * <ul>
 *   <li>{@code config.json}: the config, Kubo's shape (identity, addresses, bootstrap, routing);
 *   <li>{@code datastore/}: records, providers, blocks, peers (when {@code Datastore.Type} is mvstore);
 *   <li>{@code repo.lock}: held by a running daemon;
 *   <li>{@code api}: the running daemon's API multiaddr, which is how the CLI finds the daemon.
 * </ul>
 */
public final class Repo {
    private final Path dir;

    private Repo(Path dir) {
        this.dir = dir;
    }

    /** The repo folder named by {@code JDHT_PATH}, or {@code ~/.jdht}. */
    public static Repo atDefaultLocation(Map<String, String> env) {
        String configured = env.get("JDHT_PATH");
        Path dir = configured != null && !configured.isBlank()
                ? Path.of(configured)
                : Path.of(System.getProperty("user.home"), ".jdht");
        return new Repo(dir);
    }

    public static Repo at(Path dir) {
        return new Repo(dir);
    }

    public Path dir() {
        return dir;
    }

    public Path configFile() {
        return dir.resolve("config.json");
    }

    public Path apiFile() {
        return dir.resolve("api");
    }

    public Path datastoreDir() {
        return dir.resolve("datastore");
    }

    public boolean isInitialized() {
        return Files.isRegularFile(configFile());
    }

    /**
     * Creates the repo with a new identity and the default config, changed by the given profiles
     * (comma-separated, may be empty).
     *
     * @throws IOException if a repo exists there already, or the folder cannot be written
     * @throws ConfigException if a profile is unknown (nothing is written then)
     */
    public PrivateKey init(KeyType type, String profiles) throws IOException, ConfigException {
        if (isInitialized()) {
            throw new IOException("a jdht repo already exists at " + dir + " (remove it to start over)");
        }
        PrivateKey key = PrivateKey.generate(type, new SecureRandom());
        Config config = Config.defaults(key, PeerId.fromPublicKey(key.publicKey()).toBase58());
        ConfigProfile.apply(profiles, config);
        Files.createDirectories(dir);
        writeConfig(config);
        return key;
    }

    /** Reads and checks {@code config.json}. */
    public Config readConfig() throws IOException, ConfigException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(configFile());
        } catch (NoSuchFileException e) {
            throw new ConfigException("no jdht repo at " + dir + " (run jdht init, or point --repo / JDHT_PATH at one)");
        }
        return Config.parse(bytes, configFile().toString());
    }

    /** Replaces {@code config.json} in one step (a crash leaves the old file or the new one, never half). */
    public void writeConfig(Config config) throws IOException {
        Path tmp = Files.createTempFile(dir, "config", ".tmp");
        try {
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system; the key is as private as the folder
            }
            Files.write(tmp, config.toJson());
            Files.move(tmp, configFile(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The identity in the repo, if it has been initialised. */
    public Optional<PrivateKey> identity() throws IOException, ConfigException {
        return isInitialized() ? Optional.of(readConfig().identity()) : Optional.empty();
    }

    /** The repo's identity, creating the repo (Ed25519, default config) on first use. */
    public PrivateKey identityOrInit() throws IOException, ConfigException {
        Optional<PrivateKey> existing = identity();
        return existing.isPresent() ? existing.get() : init(KeyType.ED25519, "");
    }

    /** Takes the repo for a daemon; fails at once if another daemon holds it. */
    public RepoLock lock() throws IOException {
        Files.createDirectories(dir);
        return RepoLock.acquire(dir.resolve("repo.lock"));
    }

    /** Records where the running daemon's API listens, for the CLI to find. */
    public void writeApiAddress(Multiaddr api) throws IOException {
        Path tmp = Files.createTempFile(dir, "api", ".tmp");
        try {
            Files.writeString(tmp, api.toString(), StandardCharsets.US_ASCII);
            Files.move(tmp, apiFile(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    public void removeApiAddress() throws IOException {
        Files.deleteIfExists(apiFile());
    }

    /** The API address a daemon left in the {@code api} file, if there is one (it may be stale after a crash). */
    public Optional<Multiaddr> apiAddress() {
        try {
            String text = Files.readString(apiFile(), StandardCharsets.US_ASCII).trim();
            return text.isEmpty() ? Optional.empty() : Optional.of(Multiaddr.parse(text));
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
