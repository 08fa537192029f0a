package io.jdht.cli.daemon;

import io.jdht.cli.repo.RepoOption;
import io.jdht.daemon.Daemon;
import io.jdht.daemon.DaemonOptions;
import io.jdht.daemon.config.ConfigException;
import io.jdht.daemon.config.RoutingType;
import io.jdht.daemon.repo.Repo;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code jdht daemon}: run the node on the repo until SIGINT or SIGTERM (or the API's shutdown
 * command), then stop cleanly. It prints what Kubo's daemon prints: the identity, the listen
 * addresses, the API address, then "Daemon is ready".
 */
@Command(name = "daemon", description = "Run the node with its HTTP API until stopped (Ctrl-C, SIGTERM or /api/v0/shutdown).")
public final class DaemonCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    RepoOption repoOption;

    @Option(names = "--init", description = "Initialise the repo first if it has none (default config).")
    boolean init;

    @Option(names = "--init-profile", paramLabel = "<profiles>", defaultValue = "",
            description = "Profiles for --init (test, local).")
    String initProfile;

    @Option(names = "--routing", paramLabel = "<type>",
            description = "Override Routing.Type for this run: auto, dhtserver, dhtclient or none.")
    String routing;

    @Override
    public Integer call() throws Exception {
        Repo repo = repoOption.repo();
        if (!repo.isInitialized()) {
            if (!init) {
                throw new ParameterException(spec.commandLine(),
                        "no jdht repo at " + repo.dir() + "; run jdht init first (or pass --init)");
            }
            repo.init(io.jdht.crypto.KeyType.ED25519, initProfile);
        }
        DaemonOptions options = DaemonOptions.fromConfig().withConsole(console(spec.commandLine().getOut()));
        if (routing != null) {
            options = options.withRouting(routingType(spec, "--routing", routing));
        }
        return run(repo, options);
    }

    /** Runs a daemon until it is stopped; shared with {@code listen}. */
    static int run(Repo repo, DaemonOptions options) throws Exception {
        Daemon daemon;
        try {
            daemon = Daemon.start(repo, options);
        } catch (ConfigException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        Thread hook = new Thread(daemon::close, "jdht-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        options.console().accept("Daemon is ready");
        daemon.closed().join();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is what closed it
        }
        return 0;
    }

    static java.util.function.Consumer<String> console(PrintWriter out) {
        return line -> {
            synchronized (out) {
                out.println(line);
                out.flush();
            }
        };
    }

    static RoutingType routingType(CommandSpec spec, String option, String value) {
        try {
            return RoutingType.of(value);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), option + " '" + value.toLowerCase(Locale.ROOT)
                    + "' is not one of auto, dhtserver, dhtclient, none");
        }
    }
}
