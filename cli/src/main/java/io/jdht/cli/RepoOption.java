package io.jdht.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --repo} option shared by commands that use the node's identity. */
final class RepoOption {
    @Option(names = "--repo", paramLabel = "<dir>",
            description = "The node's folder (default: $JDHT_PATH, or ~/.jdht).")
    Path dir;

    Repo repo() {
        return dir != null ? Repo.at(dir) : Repo.atDefaultLocation(System.getenv());
    }
}
