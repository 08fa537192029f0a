package io.jdht.cli.repo;

import io.jdht.daemon.repo.Repo;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --repo} option of commands that use the node's folder. */
public final class RepoOption {
    @Option(names = "--repo", paramLabel = "<dir>",
            description = "The node's folder (default: $JDHT_PATH, or ~/.jdht).")
    Path dir;

    public Repo repo() {
        return dir != null ? Repo.at(dir) : Repo.atDefaultLocation(System.getenv());
    }
}
