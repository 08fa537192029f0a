package io.jdht.daemon.store;

import io.jdht.crypto.Ed25519PrivateKey;
import io.jdht.crypto.PeerId;
import io.jdht.multiformats.Multiaddr;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/** Peers, addresses and keys for the datastore tests. */
final class TestData {
    private TestData() {}

    static Ed25519PrivateKey key(int n) {
        byte[] seed = new byte[32];
        Arrays.fill(seed, (byte) n);
        seed[31] = (byte) (n >> 8);
        return Ed25519PrivateKey.fromSeed(seed);
    }

    static PeerId peer(int n) {
        return PeerId.fromPublicKey(key(n).publicKey());
    }

    static List<Multiaddr> addrs(int n) {
        return List.of(Multiaddr.parse("/ip4/192.0.2." + (n % 250 + 1) + "/tcp/" + (4000 + n)));
    }

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
