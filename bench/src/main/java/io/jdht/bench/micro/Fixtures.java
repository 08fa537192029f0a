package io.jdht.bench.micro;

import io.jdht.crypto.Ed25519PrivateKey;
import io.jdht.crypto.PeerId;
import io.jdht.kad.PeerInfo;
import io.jdht.multiformats.Multiaddr;
import io.jdht.multiformats.Multihash;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Peers shaped like the ones on the wire, from a seeded source so every run measures the same inputs. */
final class Fixtures {
    private Fixtures() {}

    /**
     * A peer with an Ed25519 identity (the inlined 38-byte peer id most peers have) and two
     * public addresses, TCP and QUIC, as a FIND_NODE answer lists them.
     */
    static PeerInfo wirePeer(Random random) {
        byte[] seed = new byte[32];
        random.nextBytes(seed);
        PeerId id = PeerId.fromPublicKey(Ed25519PrivateKey.fromSeed(seed).publicKey());
        String ip = (1 + random.nextInt(223)) + "." + random.nextInt(256) + "." + random.nextInt(256) + "."
                + (1 + random.nextInt(254));
        int port = 1024 + random.nextInt(60000);
        return new PeerInfo(id, List.of(Multiaddr.parse("/ip4/" + ip + "/tcp/" + port),
                Multiaddr.parse("/ip4/" + ip + "/udp/" + port + "/quic-v1")));
    }

    static List<PeerInfo> wirePeers(Random random, int n) {
        List<PeerInfo> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(wirePeer(random));
        }
        return out;
    }

    /**
     * A peer with a hashed id and one address: cheaper to make than an Ed25519 identity, and the
     * routing table and the lookup only hash the id bytes, whatever kind they are.
     */
    static PeerInfo cheapPeer(Random random) {
        return withAddress(cheapId(random), random.nextInt(1 << 24));
    }

    static PeerId cheapId(Random random) {
        byte[] digest = new byte[32];
        random.nextBytes(digest);
        return new PeerId(Multihash.sha2_256(digest));
    }

    /** The peer with one private address made from {@code i}. */
    static PeerInfo withAddress(PeerId id, int i) {
        return new PeerInfo(id, List.of(Multiaddr.parse(
                "/ip4/10." + ((i >> 16) & 0xff) + "." + ((i >> 8) & 0xff) + "." + (i & 0xff) + "/tcp/4001")));
    }
}
