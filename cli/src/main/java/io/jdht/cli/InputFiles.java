package io.jdht.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** Reads a file named on the command line; one that cannot be read is a usage error naming the argument. */
final class InputFiles {
    private InputFiles() {}

    /** The file's bytes; {@code -} reads standard input, so that a value can be piped in. */
    static byte[] read(CommandSpec spec, String argument, String text) {
        try {
            return text.equals("-") ? System.in.readAllBytes() : Files.readAllBytes(Path.of(text));
        } catch (IOException | RuntimeException e) {
            throw new ParameterException(spec.commandLine(),
                    argument + " '" + text + "' cannot be read: " + CommandFailure.describe(e));
        }
    }
}
