package io.jdht.kad;

import io.jdht.crypto.PeerId;
import io.jdht.multiformats.Multiaddr;
import io.jdht.multiformats.Multihash;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/** Peers for tests: hashed (sha2-256) peer ids from a seeded random source, with private addresses. */
public final class TestPeers {
    private TestPeers() {}

    public static PeerId randomPeer(Random random) {
        byte[] digest = new byte[32];
        random.nextBytes(digest);
        return new PeerId(Multihash.sha2_256(digest));
    }

    public static List<PeerId> randomPeers(Random random, int n) {
        List<PeerId> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(randomPeer(random));
        }
        return out;
    }

    /** A private (group-less) address unique to {@code i}. */
    public static Multiaddr privateAddress(int i) {
        return Multiaddr.parse("/ip4/10." + ((i >> 16) & 0xff) + "." + ((i >> 8) & 0xff) + "." + (i & 0xff) + "/tcp/4001");
    }

    public static PeerInfo info(PeerId id, int i) {
        return new PeerInfo(id, List.of(privateAddress(i)));
    }

    /** Brute force: the {@code n} peers closest to {@code target}, closest first. */
    public static List<PeerId> trueClosest(java.util.Collection<PeerId> peers, Key target, int n) {
        return peers.stream()
                .sorted(Comparator.comparing((PeerId p) -> Key.of(p).distance(target)))
                .limit(n)
                .toList();
    }
}
