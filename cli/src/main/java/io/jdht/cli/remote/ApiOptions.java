package io.jdht.cli.remote;

import io.jdht.cli.api.ApiClient;
import io.jdht.cli.api.ApiException;
import io.jdht.cli.repo.RepoOption;
import io.jdht.daemon.repo.Repo;
import io.jdht.multiformats.Multiaddr;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** The options of commands that talk to a running daemon: where its API is, and how long to wait. */
public final class ApiOptions {
    @Option(names = "--api", paramLabel = "<multiaddr>",
            description = "The daemon's API address (default: the one in the repo's api file).")
    String api;

    @Mixin
    RepoOption repoOption;

    @Option(names = "--timeout", defaultValue = "60s", paramLabel = "<duration>", converter = io.jdht.cli.DurationConverter.class,
            description = "How long to wait for the daemon's answer (default ${DEFAULT-VALUE}).")
    Duration timeout;

    /** The daemon's API, if one is named or runs on the repo. */
    public Optional<ApiClient> client(CommandSpec spec) {
        if (api != null) {
            try {
                return Optional.of(new ApiClient(Multiaddr.parse(api)));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--api '" + api + "' is not a valid multiaddr: " + e.getMessage());
            }
        }
        return repo().apiAddress().map(ApiClient::new);
    }

    /** The daemon's API, or a failure saying that no daemon runs. */
    public ApiClient require(CommandSpec spec) throws ApiException {
        return client(spec).orElseThrow(() -> new ApiException(0, "no daemon is running on " + repo().dir()
                + " (no api file): start one with 'jdht daemon', or pass --api <multiaddr>"));
    }

    public Repo repo() {
        return repoOption.repo();
    }

    public Duration timeout() {
        return timeout;
    }
}
