package io.jdht.sim;

import io.jdht.crypto.PeerId;
import io.jdht.kad.Key;
import io.jdht.kad.PeerInfo;
import io.jdht.kad.wire.KadMessage;
import io.jdht.multiformats.Multihash;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * A Sybil placement near a region of the key space, as in the content-censorship attack on IPFS
 * (Sridhar et al., NDSS 2024): the attacker makes identities until their keys fall in a region so
 * narrow that honest peers seldom do, so they become the closest peers of every key in it. They join like anybody (so honest tables hold them) but answer every
 * request about the region with each other only, keep no records and no provider announcements,
 * and return none. Requests about other keys they answer honestly, which makes them hard to tell
 * apart.
 *
 * <p>The workload's writes and reads then use keys inside the attacked region, so its success
 * rates say how much of the region the attack takes.
 */
final class Sybils {
    /** Leading bits the attacked region fixes. */
    final int regionBits;
    private final Key region;
    private final List<PeerInfo> members = new ArrayList<>();

    /**
     * @param nodes the honest network's size; the region is 4 bits deeper than the network is
     *     dense (about one honest peer in 16 falls inside it), so for any key inside it the Sybils,
     *     all inside, are closer than almost every honest peer: each such key is eclipsed
     */
    Sybils(int nodes, SplittableRandom random) {
        this.regionBits = (int) Math.ceil(Math.log(nodes) / Math.log(2)) + 4;
        byte[] bits = new byte[Key.BYTES];
        random.nextBytes(bits);
        this.region = Key.fromBits(bits);
    }

    /** An identity whose key lies in the region (found by trying, about 2^regionBits hashes). */
    PeerId identity(SplittableRandom random) {
        byte[] key = new byte[36];
        for (int tries = 0; tries < 50_000_000; tries++) {
            random.nextBytes(key);
            key[0] = 0x08;
            key[1] = 0x01;
            key[2] = 0x12;
            key[3] = 0x20;
            PeerId id = new PeerId(Multihash.identity(key.clone()));
            if (Key.of(id).commonPrefixLength(region) >= regionBits) {
                return id;
            }
        }
        throw new IllegalStateException("no Sybil identity found for a region of " + regionBits + " bits");
    }

    void add(PeerInfo sybil) {
        members.add(sybil);
    }

    /** Whether a key lies in the attacked region. */
    boolean attacked(byte[] key) {
        return Key.of(key).commonPrefixLength(region) >= regionBits;
    }

    /** Random bytes whose key lies in the attacked region (a multihash-shaped key for provide, or a record key). */
    byte[] keyInRegion(SplittableRandom random, boolean multihash, String recordPrefix) {
        for (int tries = 0; tries < 50_000_000; tries++) {
            byte[] key;
            if (multihash) {
                key = new byte[34];
                random.nextBytes(key);
                key[0] = 0x12;
                key[1] = 0x20;
            } else {
                key = (recordPrefix + Long.toHexString(random.nextLong())).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            }
            if (attacked(key)) {
                return key;
            }
        }
        throw new IllegalStateException("no key found in a region of " + regionBits + " bits");
    }

    /**
     * A Sybil's answer to a request about the attacked region: the other Sybils as the closer
     * peers, nothing stored, nothing returned. Empty for a request about any other key (then the
     * Sybil's own engine answers honestly).
     */
    Optional<Optional<KadMessage>> answer(KadMessage request) {
        if (request.type() == KadMessage.MessageType.PING || !attacked(request.key())) {
            return Optional.empty();
        }
        if (request.type() == KadMessage.MessageType.ADD_PROVIDER) {
            return Optional.of(Optional.empty()); // dropped without a word, as any ADD_PROVIDER may be
        }
        if (request.type() == KadMessage.MessageType.PUT_VALUE) {
            return Optional.of(Optional.of(request)); // claims to have stored it
        }
        List<PeerInfo> closer = members.size() > 20 ? members.subList(0, 20) : members;
        return Optional.of(Optional.of(request.answer(Optional.empty(), closer, List.of())));
    }

    int size() {
        return members.size();
    }
}
