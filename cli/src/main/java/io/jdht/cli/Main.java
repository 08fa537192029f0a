package io.jdht.cli;

import java.io.PrintWriter;

import java.util.List;
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
        description = "A libp2p / IPFS Kademlia DHT node for the JVM.")
public final class Main {
    /**
     * The subcommands, in the order the help lists them. They are registered by {@link #run}, not in
     * the annotation: picocli builds each registered command's model by reflection, which for all of
     * them was most of a short command's start (about a second with a cold JVM).
     */
    static final List<Class<?>> COMMANDS = List.of(
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
            SimCommand.class,
            CommandLine.HelpCommand.class);

    public static void main(String[] args) {
        if (args.length == 1 && args[0].equals("id")) {
            // the most common command, as typed: no parser needed (see IdCommand.withoutOptions)
            System.exit(IdCommand.withoutOptions(System.getenv(), new PrintWriter(System.out), new PrintWriter(System.err)));
        }
        System.exit(run(args));
    }

    /** Runs a command line and returns its exit code, without exiting; for tests and embedding. */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new Main());
        addSubcommands(cli, args);
        // usage errors end with "Run '<command> --help'", so every subcommand must accept --help
        addHelpOptions(cli);
        cli.setParameterExceptionHandler((ex, params) -> {
            CommandLine cmd = ex.getCommandLine();
            cmd.getErr().println("jdht: " + ex.getMessage());
            cmd.getErr().println("Run '" + cmd.getCommandSpec().qualifiedName() + " --help' for usage.");
            return 2;
        });
        cli.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
            return CommandFailure.report(cmd.getErr(), ex);
        });
        return cli.execute(args);
    }

    /**
     * Registers only the subcommand the line names, when it names one, and below it likewise;
     * otherwise (no arguments, an option, {@code help}, a typo) every subcommand at that level,
     * so that the usage and {@code help <command>} see the full list. A command with subcommands
     * lists them in a {@code SUBCOMMANDS} field rather than in its annotation, for the same reason
     * as {@link #COMMANDS}.
     */
    static void addSubcommands(CommandLine cli, String... args) {
        if (args.length == 1 && (args[0].equals("-V") || args[0].equals("--version"))) {
            return; // the version alone needs no command at all
        }
        addSubcommands(cli, COMMANDS, args, 0);
    }

    private static void addSubcommands(CommandLine parent, List<Class<?>> children, String[] args, int at) {
        Class<?> named = at < args.length ? named(children, args[at]) : null;
        for (Class<?> c : children) {
            if (named == null || named == CommandLine.HelpCommand.class || c == named) {
                parent.addSubcommand(c);
                CommandLine added = parent.getSubcommands().get(c.getAnnotation(Command.class).name());
                List<Class<?>> grandchildren = subcommandsOf(c);
                if (!grandchildren.isEmpty()) {
                    // past an unnamed level every command below is registered: args[at + 1] is not theirs
                    addSubcommands(added, grandchildren, c == named ? args : new String[0], at + 1);
                }
            }
        }
    }

    /** The class in {@code candidates} whose command name is {@code name}; null if none. */
    private static Class<?> named(List<Class<?>> candidates, String name) {
        for (Class<?> c : candidates) {
            if (c.getAnnotation(Command.class).name().equals(name)) {
                return c;
            }
        }
        return null;
    }

    /** A command's {@code SUBCOMMANDS} list; empty for a command without subcommands. */
    @SuppressWarnings("unchecked")
    static List<Class<?>> subcommandsOf(Class<?> command) {
        for (java.lang.reflect.Field f : command.getFields()) {
            if (f.getName().equals("SUBCOMMANDS") && java.lang.reflect.Modifier.isStatic(f.getModifiers())) {
                try {
                    return (List<Class<?>>) f.get(null);
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(command + ".SUBCOMMANDS must be public", e);
                }
            }
        }
        return List.of();
    }

    private static void addHelpOptions(CommandLine command) {
        command.getCommandSpec().mixinStandardHelpOptions(true);
        // with the help options comes -V, which must print the same version everywhere
        command.getCommandSpec().versionProvider(new VersionProvider());
        command.getSubcommands().values().forEach(Main::addHelpOptions);
    }
}
