package io.jdht.cli.repo;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.jdht.daemon.config.Config;
import io.jdht.daemon.config.ConfigField;
import io.jdht.daemon.config.ConfigSchema;
import io.jdht.daemon.repo.Repo;
import io.jdht.multiformats.Multiaddr;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code jdht bootstrap list|add|rm}: the {@code Bootstrap} list of the config, edited as
 * {@code ipfs bootstrap} edits it. The daemon reads the list when it starts.
 */
@Command(name = "bootstrap", description = "Show or edit the bootstrap peers (list, add, rm).")
public final class BootstrapCommand implements Callable<Integer> {
    /** The subcommands, registered by {@link io.jdht.cli.Main} (only the one a line names, when it names one). */
    public static final java.util.List<Class<?>> SUBCOMMANDS = java.util.List.of(
            BootstrapCommand.ListPeers.class,
            BootstrapCommand.Add.class,
            BootstrapCommand.Remove.class);

    @Spec
    CommandSpec spec;

    @Mixin
    RepoOption repoOption;

    /** {@code jdht bootstrap} alone lists the peers, as {@code ipfs bootstrap} does. */
    @Override
    public Integer call() throws Exception {
        print(repoOption.repo(), spec.commandLine().getOut());
        return 0;
    }

    static void print(Repo repo, PrintWriter out) throws Exception {
        repo.readConfig().strings("Bootstrap").forEach(out::println);
    }

    private static ConfigField field() {
        return ConfigSchema.field("Bootstrap").orElseThrow();
    }

    static void write(Repo repo, Config config, Set<String> peers) throws Exception {
        ArrayNode list = JsonNodeFactory.instance.arrayNode();
        peers.forEach(list::add);
        config.set(field(), list);
        repo.writeConfig(config);
    }

    @Command(name = "list", description = "Print the bootstrap peers, one a line.")
    static final class ListPeers implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        RepoOption repoOption;

        @Override
        public Integer call() throws Exception {
            print(repoOption.repo(), spec.commandLine().getOut());
            return 0;
        }
    }

    @Command(name = "add", description = "Add peers (multiaddrs ending in /p2p/<peer-id>), or --default for the public IPFS list.")
    static final class Add implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        RepoOption repoOption;

        @Option(names = "--default", description = "Add the public IPFS bootstrap peers.")
        boolean defaults;

        @Parameters(arity = "0..*", paramLabel = "<multiaddr>")
        List<String> peers = List.of();

        @Override
        public Integer call() throws Exception {
            List<String> toAdd = new ArrayList<>(defaults ? ConfigSchema.DEFAULT_BOOTSTRAP : List.of());
            for (String p : peers) {
                toAdd.add(checked(spec, p));
            }
            if (toAdd.isEmpty()) {
                throw new ParameterException(spec.commandLine(), "give at least one <multiaddr>, or --default");
            }
            Repo repo = repoOption.repo();
            Config config = repo.readConfig();
            Set<String> list = new LinkedHashSet<>(config.strings("Bootstrap"));
            PrintWriter out = spec.commandLine().getOut();
            for (String p : toAdd) {
                if (list.add(p)) {
                    out.println("added " + p);
                }
            }
            write(repo, config, list);
            return 0;
        }
    }

    @Command(name = "rm", description = "Remove peers from the list, or --all of them.")
    static final class Remove implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        RepoOption repoOption;

        @Option(names = "--all", description = "Remove every bootstrap peer.")
        boolean all;

        @Parameters(arity = "0..*", paramLabel = "<multiaddr>")
        List<String> peers = List.of();

        @Override
        public Integer call() throws Exception {
            if (!all && peers.isEmpty()) {
                throw new ParameterException(spec.commandLine(), "give at least one <multiaddr>, or --all");
            }
            Repo repo = repoOption.repo();
            Config config = repo.readConfig();
            Set<String> list = new LinkedHashSet<>(config.strings("Bootstrap"));
            Set<String> removed = new LinkedHashSet<>();
            if (all) {
                removed.addAll(list);
            } else {
                for (String p : peers) {
                    String canonical = checked(spec, p);
                    if (list.contains(canonical)) {
                        removed.add(canonical);
                    } else {
                        spec.commandLine().getErr().println("jdht: " + p + " is not in the bootstrap list");
                    }
                }
            }
            list.removeAll(removed);
            write(repo, config, list);
            removed.forEach(p -> spec.commandLine().getOut().println("removed " + p));
            return removed.isEmpty() && !all ? 1 : 0;
        }
    }

    /** The peer's multiaddr in canonical text form, or a usage error saying what is wrong with it. */
    static String checked(CommandSpec spec, String text) {
        try {
            Multiaddr a = Multiaddr.parse(text);
            if (a.peerIdMultihash().isEmpty()) {
                throw new IllegalArgumentException("it does not end in /p2p/<peer-id>");
            }
            return a.toString();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "'" + text + "' is not a bootstrap peer: " + e.getMessage());
        }
    }
}
