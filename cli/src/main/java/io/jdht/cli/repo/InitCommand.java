package io.jdht.cli.repo;

import io.jdht.crypto.KeyType;
import io.jdht.crypto.PeerId;
import io.jdht.crypto.PrivateKey;
import io.jdht.daemon.config.ConfigException;
import io.jdht.daemon.repo.Repo;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code jdht init}: create the node's folder, its identity and a config with every default. */
@Command(name = "init", description = "Create the node's folder, a new identity and config.json.")
public final class InitCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    RepoOption repoOption;

    @Option(names = {"-a", "--algorithm"}, defaultValue = "ed25519",
            description = "Key type: ed25519, secp256k1, rsa or ecdsa (default ${DEFAULT-VALUE}).")
    String algorithm;

    @Option(names = {"-p", "--profile"}, defaultValue = "", paramLabel = "<profiles>",
            description = "Comma-separated profiles applied to the defaults: test (loopback, any free ports, no"
                    + " bootstrap peers), local (a private network: private addresses in the DHT, server mode).")
    String profiles;

    @Override
    public Integer call() throws Exception {
        KeyType type = switch (algorithm.toLowerCase(java.util.Locale.ROOT)) {
            case "ed25519" -> KeyType.ED25519;
            case "secp256k1" -> KeyType.SECP256K1;
            case "rsa" -> KeyType.RSA;
            case "ecdsa" -> KeyType.ECDSA;
            default -> throw new ParameterException(spec.commandLine(),
                    "--algorithm '" + algorithm + "' is not one of ed25519, secp256k1, rsa, ecdsa");
        };
        Repo repo = repoOption.repo();
        PrivateKey key;
        try {
            key = repo.init(type, profiles);
        } catch (ConfigException e) {
            throw new ParameterException(spec.commandLine(), "--profile: " + e.getMessage());
        }
        spec.commandLine().getOut().println("initialized jdht node at " + repo.dir());
        spec.commandLine().getOut().println("peer identity: " + PeerId.fromPublicKey(key.publicKey()));
        spec.commandLine().getOut().println("config: " + repo.configFile() + " (jdht config show prints it)");
        return 0;
    }
}
