package io.jdht.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jdht id} as typed skips the command-line parser; it must say exactly what the parsed command says. */
class IdWithoutParserTest {
    @TempDir
    Path dir;

    private record Printed(int exit, String out, String err) {}

    private static Printed withoutParser(Path repo) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = IdCommand.withoutOptions(Map.of("JDHT_PATH", repo.toString()), new PrintWriter(out), new PrintWriter(err));
        return new Printed(exit, out.toString(), err.toString());
    }

    private static Printed parsed(Path repo) {
        try (ConsoleCapture console = ConsoleCapture.start()) {
            int exit = console.run("id", "--repo", repo.toString());
            return new Printed(exit, console.stdout(), console.stderr());
        }
    }

    @Test
    void printsWhatTheParsedCommandPrints() {
        Path repo = dir.resolve("node");
        Printed first = withoutParser(repo);
        assertThat(first.exit()).isZero();
        assertThat(first.err()).contains("initialized a new identity at " + repo);
        assertThat(first.out()).startsWith("ID:            12D3KooW").contains("Key type:      ED25519");
        Printed again = withoutParser(repo);
        assertThat(again).isEqualTo(parsed(repo));
        assertThat(again.err()).isEmpty();
    }

    @Test
    void aRepoItCannotReadIsReportedAsTheParsedCommandReportsIt() throws Exception {
        Path notAFolder = Files.writeString(dir.resolve("file"), "not a repo");
        Printed printed = withoutParser(notAFolder);
        assertThat(printed.exit()).isEqualTo(1);
        assertThat(printed.err()).startsWith("jdht: ");
        assertThat(printed).isEqualTo(parsed(notAFolder));
    }
}
