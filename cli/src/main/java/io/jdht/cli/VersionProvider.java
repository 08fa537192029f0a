package io.jdht.cli;

import io.jdht.net.host.HostConfig;
import picocli.CommandLine.IVersionProvider;

/** Prints the agent version the node announces. */
public final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {HostConfig.DEFAULT_AGENT + " (Java " + Runtime.version() + ")"};
    }
}
