package io.jdht.cli;

import io.jdht.crypto.KeyType;
import io.jdht.crypto.PrivateKey;
import io.jdht.net.host.Host;
import io.jdht.net.host.HostConfig;
import java.security.SecureRandom;
import java.util.List;

/**
 * A short-lived host for one-shot commands (ping, identify, perf): a fresh Ed25519 identity, no
 * listeners. A fresh identity keeps the command from colliding with a daemon that runs with the
 * repo's identity on the same machine.
 */
final class ClientHost {
    private ClientHost() {}

    static Host start() {
        PrivateKey key = PrivateKey.generate(KeyType.ED25519, new SecureRandom());
        Host host = Host.create(HostConfig.builder(key).listen(List.of()).build());
        host.start().join();
        return host;
    }
}
