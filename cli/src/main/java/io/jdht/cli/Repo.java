package io.jdht.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jdht.crypto.KeyType;
import io.jdht.crypto.PeerId;
import io.jdht.crypto.PrivateKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * The node's home folder, like Kubo's {@code ~/.ipfs}: {@code $JDHT_PATH}, or {@code ~/.jdht}.
 * It holds {@code config.json}, whose {@code Identity} section has the peer id and the private key
 * (the libp2p key protobuf in base64), in the same shape as Kubo's config.
 */
public final class Repo {
    private static final ObjectMapper JSON = new ObjectMapper();
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

    private Path configFile() {
        return dir.resolve("config.json");
    }

    public boolean isInitialized() {
        return Files.isRegularFile(configFile());
    }

    /** Creates the repo with a new identity of the given key type; fails if one exists. */
    public PrivateKey init(KeyType type) throws IOException {
        if (isInitialized()) {
            throw new IOException("a jdht repo already exists at " + dir + " (remove it to start over)");
        }
        PrivateKey key = PrivateKey.generate(type, new SecureRandom());
        ObjectNode identity = JSON.createObjectNode()
                .put("PeerID", PeerId.fromPublicKey(key.publicKey()).toBase58())
                .put("PrivKey", Base64.getEncoder().encodeToString(key.marshal()));
        ObjectNode config = JSON.createObjectNode();
        config.set("Identity", identity);
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "config", ".tmp");
        try {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
            // not a POSIX file system; the key is as private as the folder
        }
        Files.write(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(config));
        Files.move(tmp, configFile(), StandardCopyOption.ATOMIC_MOVE);
        return key;
    }

    /** The identity in the repo, if it has been initialised. */
    public Optional<PrivateKey> identity() throws IOException {
        if (!isInitialized()) {
            return Optional.empty();
        }
        JsonNode config = JSON.readTree(configFile().toFile());
        JsonNode priv = config.path("Identity").path("PrivKey");
        if (!priv.isTextual()) {
            throw new IOException(configFile() + " has no Identity.PrivKey");
        }
        try {
            return Optional.of(PrivateKey.unmarshal(Base64.getDecoder().decode(priv.asText())));
        } catch (IllegalArgumentException e) {
            throw new IOException(configFile() + " has an unreadable Identity.PrivKey: " + e.getMessage(), e);
        }
    }

    /** The repo's identity, creating an Ed25519 one (and the repo) on first use. */
    public PrivateKey identityOrInit() throws IOException {
        Optional<PrivateKey> existing = identity();
        return existing.isPresent() ? existing.get() : init(KeyType.ED25519);
    }
}
