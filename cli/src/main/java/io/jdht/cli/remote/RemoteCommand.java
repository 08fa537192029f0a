package io.jdht.cli.remote;

import java.io.PrintWriter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** What every command that talks to a running daemon has: the API options and {@code --json}. */
abstract class RemoteCommand {
    @Spec
    CommandSpec spec;

    @Mixin
    ApiOptions api;

    @Option(names = "--json", description = "Print the daemon's JSON answer.")
    boolean json;

    PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
