package io.jdht.cli;

import io.jdht.crypto.KeyType;
import io.jdht.crypto.PeerId;
import io.jdht.crypto.PrivateKey;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jdht init}: create the node's folder and identity. */
@Command(name = "init", description = "Create the node's folder and a new identity.")
final class InitCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    RepoOption repoOption;

    @Option(names = {"-a", "--algorithm"}, defaultValue = "ed25519",
            description = "Key type: ed25519, secp256k1, rsa or ecdsa (default ${DEFAULT-VALUE}).")
    String algorithm;

    @Override
    public Integer call() throws Exception {
        KeyType type = switch (algorithm.toLowerCase(java.util.Locale.ROOT)) {
            case "ed25519" -> KeyType.ED25519;
            case "secp256k1" -> KeyType.SECP256K1;
            case "rsa" -> KeyType.RSA;
            case "ecdsa" -> KeyType.ECDSA;
            default -> throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--algorithm '" + algorithm + "' is not one of ed25519, secp256k1, rsa, ecdsa");
        };
        Repo repo = repoOption.repo();
        PrivateKey key = repo.init(type);
        spec.commandLine().getOut().println("initialized jdht node at " + repo.dir());
        spec.commandLine().getOut().println("peer identity: " + PeerId.fromPublicKey(key.publicKey()));
        return 0;
    }
}
