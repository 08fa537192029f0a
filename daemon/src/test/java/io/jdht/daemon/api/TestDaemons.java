package io.jdht.daemon.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.jdht.crypto.KeyType;
import io.jdht.daemon.Daemon;
import io.jdht.daemon.DaemonOptions;
import io.jdht.daemon.config.Config;
import io.jdht.daemon.config.ConfigException;
import io.jdht.daemon.config.ConfigSchema;
import io.jdht.daemon.repo.Repo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Daemons on 127.0.0.1 with the test profile (loopback, any free port, no bootstrap peers), each in
 * its own repo under one directory. Whoever makes one closes it, which closes every daemon it
 * started that is still running.
 */
final class TestDaemons implements AutoCloseable {
    private final Path root;
    private final List<Daemon> started = new ArrayList<>();
    private int made;

    TestDaemons(Path root) {
        this.root = root;
    }

    /** A new daemon on a new repo. */
    ApiClient start() {
        return start(Map.of(), DaemonOptions.fromConfig());
    }

    /** A new daemon on a new repo whose config has these values (JSON) on top of the test profile. */
    ApiClient start(Map<String, JsonNode> config, DaemonOptions options) {
        return startOn(newRepo(config), options);
    }

    Repo newRepo(Map<String, JsonNode> config) {
        Repo repo = Repo.at(root.resolve("repo-" + made++));
        try {
            repo.init(KeyType.ED25519, "test");
            if (!config.isEmpty()) {
                Config c = repo.readConfig();
                for (Map.Entry<String, JsonNode> e : config.entrySet()) {
                    c.set(ConfigSchema.require(e.getKey()), e.getValue());
                }
                repo.writeConfig(c);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ConfigException e) {
            throw new IllegalStateException(e);
        }
        return repo;
    }

    /** A daemon on an existing repo (a restart). */
    ApiClient startOn(Repo repo, DaemonOptions options) {
        try {
            Daemon d = Daemon.start(repo, options);
            synchronized (this) {
                started.add(d);
            }
            return new ApiClient(d);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ConfigException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public synchronized void close() {
        for (Daemon d : started.reversed()) {
            d.close();
        }
        started.clear();
    }
}
