package io.jdht.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code jdht}: the command-line face of the node. Exit codes: 0 success, 1 the operation failed,
 * 2 the command line was wrong.
 */
@Command(
        name = "jdht",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "A libp2p / IPFS Kademlia DHT node for the JVM.",
        subcommands = {
            io.jdht.cli.repo.InitCommand.class,
            io.jdht.cli.repo.ConfigCommand.class,
            io.jdht.cli.repo.BootstrapCommand.class,
            io.jdht.cli.daemon.DaemonCommand.class,
            IdCommand.class,
            PingCommand.class,
            IdentifyCommand.class,
            io.jdht.cli.daemon.ListenCommand.class,
            PerfCommand.class,
            DhtCommand.class,
            io.jdht.cli.remote.SwarmCommand.class,
            io.jdht.cli.remote.BlockCommand.class,
            io.jdht.cli.remote.NameCommand.class,
            DevnetCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main {
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command line and returns its exit code, without exiting; for tests and embedding. */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new Main());
        // usage errors end with "Run '<command> --help'", so every subcommand must accept --help
        addHelpOptions(cli);
        cli.setParameterExceptionHandler((ex, params) -> {
            CommandLine cmd = ex.getCommandLine();
            cmd.getErr().println("jdht: " + ex.getMessage());
            cmd.getErr().println("Run '" + cmd.getCommandSpec().qualifiedName() + " --help' for usage.");
            return 2;
        });
        cli.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
            cmd.getErr().println("jdht: " + CommandFailure.describe(ex));
            return 1;
        });
        return cli.execute(args);
    }

    private static void addHelpOptions(CommandLine command) {
        command.getCommandSpec().mixinStandardHelpOptions(true);
        // with the help options comes -V, which must print the same version everywhere
        command.getCommandSpec().versionProvider(new VersionProvider());
        command.getSubcommands().values().forEach(Main::addHelpOptions);
    }
}
