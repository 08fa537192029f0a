package io.jdht.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdht.net.host.Host;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Main registers only the subcommand a line names (building every command's model was most of a
 * short command's start), yet the usage, {@code help <command>} and the report of an unknown name still see them all.
 */
@Timeout(60)
class MainTest {
    private ConsoleCapture console;

    @BeforeEach
    void capture() {
        console = ConsoleCapture.start();
    }

    @AfterEach
    void restore() {
        console.close();
    }

    private static List<String> registered(String... args) {
        CommandLine cli = new CommandLine(new Main());
        Main.addSubcommands(cli, args);
        return new ArrayList<>(cli.getSubcommands().keySet());
    }

    /** The names registered under {@code path} (e.g. "dht") when the line is {@code args}. */
    private static List<String> registeredUnder(String path, String... args) {
        CommandLine cli = new CommandLine(new Main());
        Main.addSubcommands(cli, args);
        return new ArrayList<>(cli.getSubcommands().get(path).getSubcommands().keySet());
    }

    private static List<String> names(List<Class<?>> commands) {
        return commands.stream().map(c -> c.getAnnotation(Command.class).name()).toList();
    }

    @Test
    void aNamedCommandIsTheOnlyOneRegistered() {
        assertThat(registered("id", "--json")).containsExactly("id");
        assertThat(registered("dht", "get", "/k")).containsExactly("dht");
        assertThat(registeredUnder("dht", "dht", "get", "/k")).containsExactly("get");
        assertThat(registeredUnder("config", "config", "show")).containsExactly("show");
        assertThat(registered("--version")).isEmpty();
    }

    @Test
    void aParentWithoutANamedChildGetsAllItsChildren() {
        assertThat(registeredUnder("dht", "dht", "--help")).containsExactlyElementsOf(names(DhtCommand.SUBCOMMANDS));
        assertThat(registeredUnder("dht", "dht")).containsExactlyElementsOf(names(DhtCommand.SUBCOMMANDS));
        assertThat(registeredUnder("config", "config", "Routing.Type")).containsExactlyElementsOf(
                names(io.jdht.cli.repo.ConfigCommand.SUBCOMMANDS));
        // the full tree for the usage: every level below is complete
        assertThat(registeredUnder("swarm", "--help")).containsExactlyElementsOf(
                names(io.jdht.cli.remote.SwarmCommand.SUBCOMMANDS));
        assertThat(Main.subcommandsOf(IdCommand.class)).isEmpty();
    }

    @Test
    void anythingElseRegistersEveryCommand() {
        List<String> all = names(Main.COMMANDS);
        assertThat(all).doesNotHaveDuplicates().contains("id", "dht", "daemon", "help");
        assertThat(registered()).containsExactlyElementsOf(all);
        assertThat(registered("--help")).containsExactlyElementsOf(all);
        assertThat(registered("help", "id")).containsExactlyElementsOf(all);
        assertThat(registered("frobnicate")).containsExactlyElementsOf(all);
    }

    @Test
    void theUsageAndHelpStillListAndDescribeEveryCommand() {
        assertThat(console.run("--help")).isZero();
        for (Class<?> c : Main.COMMANDS) {
            assertThat(console.stdout()).contains(c.getAnnotation(Command.class).name());
        }
        assertThat(console.run("--version")).isZero();
        assertThat(console.stdout()).startsWith("jdht/");
        assertThat(console.run("help", "id")).isZero();
        assertThat(console.stdout()).contains("Usage: jdht id");
        assertThat(console.run("id", "--help")).isZero();
        assertThat(console.stdout()).contains("Usage: jdht id");
        assertThat(console.run("dht", "get", "--help")).isZero();
        assertThat(console.stdout()).contains("Usage: jdht dht get");
        assertThat(console.run("dht", "--help")).isZero();
        for (Class<?> c : DhtCommand.SUBCOMMANDS) {
            assertThat(console.stdout()).contains(c.getAnnotation(Command.class).name());
        }
        assertThat(console.run("dht")).isEqualTo(2);
        assertThat(console.stderr()).contains("Missing required subcommand");
        // not a subcommand name: the whole level is registered and the word read as config's <key>
        assertThat(console.run("config", "shw")).isEqualTo(2);
        assertThat(console.stderr()).contains("shw");
        assertThat(console.run("ide")).isEqualTo(2);
        assertThat(console.stderr()).contains("Unmatched argument").contains("ide");
    }

    @Test
    void idListsTheProtocolsEveryHostServes() {
        assertThat(IdCommand.PROTOCOLS).containsExactlyElementsOf(Host.DEFAULT_PROTOCOLS.stream().sorted().toList());
    }
}
