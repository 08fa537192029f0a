package io.jdht.kad.routing;

import io.jdht.crypto.PeerId;
import io.jdht.kad.Key;
import io.jdht.kad.PeerInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The k-bucket routing table. Peers sit in the bucket of their common prefix length (CPL) with
 * this node's key; bucket {@code i} holds peers whose key shares exactly {@code i} leading bits
 * with ours, the last bucket everything from 255 bits on. Each bucket keeps at most k peers.
 *
 * <p>Replacement follows the classic rule that long-lived, responsive peers stay. When a bucket is
 * full, a newcomer waits in that bucket's small replacement cache, and the table names the bucket
 * member that has gone longest without being heard from as the one to check. The caller pings it:
 * {@link #markAlive} keeps it (the newcomer keeps waiting), {@link #remove} evicts it and promotes
 * the most recent newcomer from the cache. Nothing here does I/O; the caller does the checking.
 *
 * <p>Admission rules (only peers that serve the DHT protocol, the usefulness check) belong to the
 * caller; an optional {@link DiversityFilter} caps peers per IP group.
 *
 * <p>Not thread-safe: one thread (the DHT's) uses it, except for {@link #contains}, which any
 * thread may call (the peer store asks it which entries to keep).
 */
public final class RoutingTable {
    private final Key self;
    private final int bucketSize;
    private final int replacementCacheSize;
    private final Bucket[] buckets = new Bucket[Key.BITS];
    /** Concurrent only so that {@link #contains} may be asked from other threads. */
    private final Map<PeerId, Entry> entries = new ConcurrentHashMap<>();
    private final DiversityFilter diversity;
    /** Scratch space of {@link #closest}: the entries picked and their distance prefixes. */
    private Entry[] scratch = new Entry[64];
    private long[] distances = new long[64];
    private int picked;
    /** No bucket deeper than this holds a peer (it may be empty itself: {@link #deepestNonEmpty}). */
    private int deepest;
    /** Peers in the table per IP group, for the diversity filter's table-wide cap. */
    private final Map<String, Integer> groupCounts = new java.util.HashMap<>();

    public RoutingTable(Key self, int bucketSize, DiversityFilter diversity) {
        if (bucketSize < 1) {
            throw new IllegalArgumentException("bucket size must be at least 1, not " + bucketSize);
        }
        this.self = self;
        this.bucketSize = bucketSize;
        this.replacementCacheSize = bucketSize;
        this.diversity = diversity;
    }

    public RoutingTable(Key self, int bucketSize) {
        this(self, bucketSize, DiversityFilter.NONE);
    }

    /** What {@link #offer} did with a peer. */
    public sealed interface AddResult {
        /** The peer is in the table (new, or already there and refreshed). */
        record Added(boolean isNew) implements AddResult {}

        /** The bucket is full: the peer waits; ping {@code check} and evict it if it fails. */
        record Pending(PeerId check) implements AddResult {}

        /** Not admitted (it is us, or the diversity filter said no). */
        record Rejected(String reason) implements AddResult {}
    }

    /**
     * Offers a peer that has shown it serves the DHT. A peer already in the table gets its
     * addresses refreshed and counts as heard from now.
     */
    public AddResult offer(PeerInfo peer, Optional<String> ipGroup, Instant now) {
        Key key = Key.of(peer.id());
        if (key.equals(self)) {
            return new AddResult.Rejected("the table never holds its own node");
        }
        Entry existing = entries.get(peer.id());
        if (existing != null) {
            existing.peer = mergeAddresses(existing.peer, peer);
            existing.lastSeen = now;
            return new AddResult.Added(false);
        }
        Bucket bucket = bucketFor(key);
        if (bucket.members.size() < bucketSize) {
            Optional<String> refusal = diversity.refuse(ipGroup, cpl(key), this);
            if (refusal.isPresent()) {
                return new AddResult.Rejected(refusal.get());
            }
            insert(bucket, new Entry(peer, key, ipGroup, now));
            return new AddResult.Added(true);
        }
        bucket.replacements.removeIf(e -> e.peer.id().equals(peer.id()));
        bucket.replacements.addLast(new Entry(peer, key, ipGroup, now));
        if (bucket.replacements.size() > replacementCacheSize) {
            bucket.replacements.removeFirst();
        }
        Entry stalest = bucket.members.stream().min(Comparator.comparing(e -> e.lastSeen)).orElseThrow();
        return new AddResult.Pending(stalest.peer.id());
    }

    /**
     * Whether a newcomer could enter now or soon: its bucket has room, or the bucket's stalest
     * member was last heard from before {@code staleBefore} (a liveness check may evict it).
     */
    public boolean hasRoomFor(PeerId peer, Instant staleBefore) {
        Bucket bucket = bucketFor(Key.of(peer));
        if (bucket.members.size() < bucketSize) {
            return true;
        }
        for (Entry e : bucket.members) {
            if (e.lastSeen.isBefore(staleBefore)) {
                return true;
            }
        }
        return false;
    }

    /** The peer answered: it is alive now (and stays ahead of newcomers). */
    public void markAlive(PeerId peer, Instant now) {
        Entry e = entries.get(peer);
        if (e != null) {
            e.lastSeen = now;
        }
    }

    /** Removes a peer (it failed a check or a query) and promotes a waiting newcomer, if any. */
    public boolean remove(PeerId peer) {
        Entry e = entries.remove(peer);
        if (e == null) {
            return false;
        }
        Bucket bucket = bucketFor(e.key);
        bucket.remove(e);
        e.ipGroup.ifPresent(g -> groupCounts.computeIfPresent(g, (k, n) -> n == 1 ? null : n - 1));
        while (!bucket.replacements.isEmpty()) {
            Entry next = bucket.replacements.removeLast();
            if (!entries.containsKey(next.peer.id())
                    && diversity.refuse(next.ipGroup, cpl(next.key), this).isEmpty()) {
                insert(bucket, next);
                break;
            }
        }
        return true;
    }

    /** When the peer was last heard from, if it is in the table. */
    public Optional<Instant> lastSeen(PeerId peer) {
        Entry e = entries.get(peer);
        return e == null ? Optional.empty() : Optional.of(e.lastSeen);
    }

    /** Whether the peer is in the table (not among the waiting newcomers); safe from any thread. */
    public boolean contains(PeerId peer) {
        return entries.containsKey(peer);
    }

    public Optional<PeerInfo> find(PeerId peer) {
        Entry e = entries.get(peer);
        return e == null ? Optional.empty() : Optional.of(e.peer);
    }

    /**
     * Up to {@code count} peers closest to {@code target}, closest first. Only the buckets that can
     * hold them are read, in the order of their distance to the target, and only those are sorted.
     * With {@code i} the target's common prefix length with us, the order of whole buckets is known
     * from the bits of {@code d = self XOR target}:
     *
     * <ul>
     *   <li>bucket {@code i} first: its peers agree with the target on bits 0 to i;
     *   <li>then the deeper buckets {@code j > i}, whose peers differ from the target at bit i and
     *       then have d's bits up to j − 1 and the inverse of d's bit j: a bucket whose bit of d is
     *       1 beats every deeper one, a bucket whose bit is 0 loses to every deeper one; so those
     *       with a 1 in increasing order, then those with a 0 in decreasing order;
     *   <li>last the shallower buckets {@code i − 1, i − 2, …}, whose peers differ from the target
     *       already at bit j &lt; i.
     * </ul>
     */
    public List<PeerInfo> closest(Key target, int count) {
        int i = cpl(target);
        long tp = target.prefix();
        picked = 0;
        pick(peek(i), tp);
        int deepest = deepestNonEmpty();
        for (int j = i + 1; j <= deepest && picked < count; j++) {
            if (self.bit(j) != target.bit(j)) {
                pick(peek(j), tp);
            }
        }
        for (int j = deepest; j > i && picked < count; j--) {
            if (self.bit(j) == target.bit(j)) {
                pick(peek(j), tp);
            }
        }
        for (int j = i - 1; j >= 0 && picked < count; j--) {
            pick(peek(j), tp);
        }
        sortPicked(target);
        int n = Math.min(count, picked);
        List<PeerInfo> out = new ArrayList<>(n);
        for (int m = 0; m < n; m++) {
            out.add(scratch[m].peer);
            scratch[m] = null;
        }
        for (int m = n; m < picked; m++) {
            scratch[m] = null;
        }
        return out;
    }

    private void pick(Bucket bucket, long targetPrefix) {
        int size = bucket.members.size();
        if (picked + size > scratch.length) {
            scratch = java.util.Arrays.copyOf(scratch, Math.max(2 * scratch.length, picked + size));
            distances = java.util.Arrays.copyOf(distances, scratch.length);
        }
        for (int m = 0; m < size; m++) {
            distances[picked] = bucket.prefixes[m] ^ targetPrefix;
            scratch[picked++] = bucket.members.get(m);
        }
    }

    /**
     * Insertion sort of the picked entries by distance to the target, on the distances' first 64
     * bits (a full comparison only on a tie): a few dozen entries, sorted for every FIND_NODE
     * answer, where a comparator sort was the largest cost of answering.
     */
    private void sortPicked(Key target) {
        for (int m = 1; m < picked; m++) {
            Entry e = scratch[m];
            long d = distances[m];
            int at = m - 1;
            while (at >= 0 && (Long.compareUnsigned(distances[at], d) > 0
                    || (distances[at] == d && scratch[at].key.compareDistance(e.key, target) > 0))) {
                scratch[at + 1] = scratch[at];
                distances[at + 1] = distances[at];
                at--;
            }
            scratch[at + 1] = e;
            distances[at + 1] = d;
        }
    }

    public List<PeerInfo> peers() {
        return entries.values().stream().map(e -> e.peer).toList();
    }

    public int size() {
        return entries.size();
    }

    /** The deepest bucket that holds a peer (0 when the table is empty). */
    private int deepestNonEmpty() {
        while (deepest > 0 && peek(deepest).members.isEmpty()) {
            deepest--;
        }
        return deepest;
    }

    /** Peers per bucket, for status output: index = common prefix length. */
    public int[] bucketSizes() {
        int last = 0;
        for (int i = 0; i < buckets.length; i++) {
            if (!peek(i).members.isEmpty()) {
                last = i;
            }
        }
        int[] sizes = new int[last + 1];
        for (int i = 0; i <= last; i++) {
            sizes[i] = peek(i).members.size();
        }
        return sizes;
    }

    /**
     * The common prefix lengths whose buckets need a refresh lookup: those not refreshed for
     * {@code interval}, from 0 up to one past the deepest non-empty bucket (deeper buckets are
     * reached by the self lookup), at most {@code max} of them (a random key with 16+ bits of
     * common prefix is as good as a self lookup).
     */
    public List<Integer> bucketsToRefresh(Instant now, Duration interval, int max) {
        int deepest = 0;
        for (int i = 0; i < buckets.length; i++) {
            if (!peek(i).members.isEmpty()) {
                deepest = i;
            }
        }
        List<Integer> due = new ArrayList<>();
        for (int cpl = 0; cpl <= Math.min(deepest + 1, max - 1); cpl++) {
            Instant last = peek(cpl).lastRefresh;
            if (last == null || !last.plus(interval).isAfter(now)) {
                due.add(cpl);
            }
        }
        return due;
    }

    /** Records that a lookup for a key in this bucket's range ran (any lookup refreshes a bucket). */
    public void markRefreshed(Key target, Instant now) {
        int cpl = Math.min(self.commonPrefixLength(target), Key.BITS - 1);
        bucket(cpl).lastRefresh = now;
    }

    /** Peers of one IP group in the bucket at {@code cpl} and in the whole table (for the filter). */
    int countGroup(String group, int cpl) {
        return (int) peek(cpl).members.stream().filter(e -> e.ipGroup.filter(group::equals).isPresent()).count();
    }

    int countGroup(String group) {
        return groupCounts.getOrDefault(group, 0);
    }

    private void insert(Bucket bucket, Entry e) {
        bucket.add(e);
        deepest = Math.max(deepest, cpl(e.key));
        entries.put(e.peer.id(), e);
        e.ipGroup.ifPresent(g -> groupCounts.merge(g, 1, Integer::sum));
    }

    private int cpl(Key key) {
        return Math.min(self.commonPrefixLength(key), Key.BITS - 1);
    }

    private Bucket bucketFor(Key key) {
        return bucket(cpl(key));
    }

    /**
     * The bucket at a common prefix length, made on first use: of the 256, a table fills about
     * log2(N / k) + a few, and the rest cost memory in every node of a large simulation.
     */
    private Bucket bucket(int cpl) {
        Bucket b = buckets[cpl];
        if (b == null) {
            b = new Bucket();
            buckets[cpl] = b;
        }
        return b;
    }

    /** The bucket at a common prefix length for reading; an empty one if it was never used (never write to that). */
    private Bucket peek(int cpl) {
        Bucket b = buckets[cpl];
        return b == null ? EMPTY : b;
    }

    private static final Bucket EMPTY = new Bucket();

    private static PeerInfo mergeAddresses(PeerInfo old, PeerInfo fresh) {
        return fresh.addresses().isEmpty() ? old : fresh;
    }

    private static final class Bucket {
        /** Read-only outside {@link #add} and {@link #remove}, which keep {@link #prefixes} in step. */
        final List<Entry> members = new ArrayList<>();
        /** Each member's key's first 64 bits, at the member's index: {@link #closest} sorts on these without touching the entries. */
        long[] prefixes = new long[4];

        void add(Entry e) {
            if (members.size() == prefixes.length) {
                prefixes = java.util.Arrays.copyOf(prefixes, prefixes.length * 2);
            }
            prefixes[members.size()] = e.key.prefix();
            members.add(e);
        }

        void remove(Entry e) {
            int at = members.indexOf(e);
            if (at >= 0) {
                members.remove(at);
                System.arraycopy(prefixes, at + 1, prefixes, at, members.size() - at);
            }
        }
        final java.util.ArrayDeque<Entry> replacements = new java.util.ArrayDeque<>(4);
        Instant lastRefresh;
    }

    private static final class Entry {
        PeerInfo peer;
        final Key key;
        final Optional<String> ipGroup;
        Instant lastSeen;

        Entry(PeerInfo peer, Key key, Optional<String> ipGroup, Instant now) {
            this.peer = peer;
            this.key = key;
            this.ipGroup = ipGroup;
            this.lastSeen = now;
        }
    }
}
