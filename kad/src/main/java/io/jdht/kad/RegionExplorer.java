package io.jdht.kad;

import io.jdht.crypto.PeerId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Finds every peer of a key-space region with FIND_NODE lookups, so that the sweeping reprovider
 * can take each key's k closest peers from that set without a lookup of its own.
 *
 * <p>A lookup for a target inside region P returns the k closest peers to it. If one of them lies
 * outside P, every peer of P is closer to the target than that one, so all of P's peers are among
 * the answer: P is complete (and holds fewer than k peers). If all k lie inside P, P may hold
 * more. The answer still covers part of P completely: if the farthest peer found shares c bits
 * with the target, every peer sharing more is closer and was found, so the target's prefix of
 * c + 1 bits is complete. The rest of P is the siblings of the target's prefixes between P and
 * that one, each explored the same way. A region of n peers costs about n/k lookups and a few. A region that turns out to hold fewer than k peers is widened to its parent (its
 * sibling half is explored too) until it holds k: only then are a key's k closest peers all
 * inside it. Lookups run one at a time: a region is one small task among the node's others.
 */
final class RegionExplorer {
    /** The k closest peers to a key (the SHA-256 of {@code target}), as a FIND_NODE lookup finds them. */
    interface Lookups {
        CompletableFuture<List<PeerInfo>> closest(byte[] target);
    }

    /** A region and all the peers in it that answered. */
    record Region(Prefix prefix, List<PeerInfo> peers) {}

    private final int k;
    private final Lookups lookups;
    /** Bytes whose key lies in a prefix (one of the node's own keys there, else a random preimage). */
    private final Function<Prefix, Optional<byte[]>> targetIn;
    private long lookupCount;

    RegionExplorer(int k, Lookups lookups, Function<Prefix, Optional<byte[]>> targetIn) {
        this.k = k;
        this.lookups = lookups;
        this.targetIn = targetIn;
    }

    /** Lookups run so far (for tests and the measurement). */
    long lookups() {
        return lookupCount;
    }

    /**
     * The smallest region containing {@code prefix} that holds at least k peers (or the whole
     * space, if the network is smaller), with all its peers.
     */
    CompletableFuture<Region> regionFor(Prefix prefix) {
        return explore(prefix).thenCompose(peers -> widen(prefix, peers));
    }

    private CompletableFuture<Region> widen(Prefix prefix, Map<PeerId, PeerInfo> peers) {
        if (peers.size() >= k || prefix.length() == 0) {
            return CompletableFuture.completedFuture(new Region(prefix, List.copyOf(peers.values())));
        }
        return explore(prefix.sibling()).thenCompose(other -> {
            Map<PeerId, PeerInfo> all = new LinkedHashMap<>(peers);
            all.putAll(other);
            return widen(prefix.parent(), all);
        });
    }

    /** All the peers inside the prefix. */
    private CompletableFuture<Map<PeerId, PeerInfo>> explore(Prefix prefix) {
        Optional<byte[]> target = targetIn.apply(prefix);
        if (target.isEmpty()) {
            // too deep for a random preimage: only a network of billions gets here
            return CompletableFuture.completedFuture(Map.of());
        }
        lookupCount++;
        Key t = Key.of(target.get());
        return lookups.closest(target.get()).thenCompose(found -> {
            Map<PeerId, PeerInfo> inside = new LinkedHashMap<>();
            int farthest = Key.BITS;
            for (PeerInfo p : found) {
                Key key = Key.of(p.id());
                farthest = Math.min(farthest, t.commonPrefixLength(key));
                if (prefix.contains(key)) {
                    inside.put(p.id(), p);
                }
            }
            if (inside.size() < found.size() || found.size() < k) {
                return CompletableFuture.completedFuture(inside);
            }
            // Every peer sharing more than `farthest` bits with the target is closer to it than the
            // farthest peer found, so it was found: the target's prefix one bit longer than that is
            // complete. What is left of the region are the siblings of the target's prefixes from
            // the region's length down to there; each is explored in turn.
            int coveredLength = Math.min(farthest + 1, Prefix.MAX_LENGTH);
            CompletableFuture<Map<PeerId, PeerInfo>> all = CompletableFuture.completedFuture(inside);
            for (int len = prefix.length() + 1; len <= coveredLength; len++) {
                Prefix rest = Prefix.of(t, len).sibling();
                all = all.thenCompose(acc -> explore(rest).thenApply(more -> {
                    Map<PeerId, PeerInfo> merged = new LinkedHashMap<>(acc);
                    merged.putAll(more);
                    return merged;
                }));
            }
            return all;
        });
    }
}
