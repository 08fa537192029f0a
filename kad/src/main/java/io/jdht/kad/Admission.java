package io.jdht.kad;

import io.jdht.crypto.PeerId;
import io.jdht.kad.routing.IpGroups;
import io.jdht.kad.routing.RoutingTable;
import io.jdht.kad.wire.KadMessage;
import io.jdht.multiformats.Multiaddr;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who gets into the routing table and who leaves it. A peer that serves the DHT must answer a
 * FIND_NODE for our own key first (an empty or broken server would cost every later lookup a
 * timeout); a full bucket's stalest member is checked before a newcomer may replace it; a peer
 * that stops serving the DHT, or cannot be reached during a lookup, leaves.
 */
final class Admission {
    private static final Logger LOG = LoggerFactory.getLogger(KadEngine.class);

    private final PeerId self;
    private final KadNetwork network;
    /** The checks' requests, each with the request timeout. */
    private final TimedRequests requests;
    private final Scheduler scheduler;
    private final RoutingTable table;
    /** Peers whose admission or liveness check is under way, so each is checked once at a time. */
    private final Set<PeerId> checking = new HashSet<>();
    /** Who waits for a peer's check to end ({@link #whenSettled}). */
    private final Map<PeerId, List<CompletableFuture<Boolean>>> waiting = new HashMap<>();

    private final boolean publicOnly;
    /**
     * A member heard from within this long keeps its place without a liveness check, and a
     * newcomer to a bucket full of such members is turned away unchecked (go-libp2p-kad-dht turns
     * it away too). Checking every newcomer cost two FIND_NODEs per new connection, most of them
     * for buckets that stay full.
     */
    static final java.time.Duration FRESH = java.time.Duration.ofMinutes(5);
    /** Restored peers waiting for their re-check, which runs a few at a time. */
    private final ArrayDeque<PeerInfo> toRecheck = new ArrayDeque<>();
    /** How many restored peers are checked at once: enough to finish a few thousand in minutes. */
    private static final int RECHECKS_AT_ONCE = 8;

    Admission(PeerId self, KadNetwork network, TimedRequests requests, Scheduler scheduler, RoutingTable table,
            boolean publicOnly) {
        this.self = self;
        this.publicOnly = publicOnly;
        this.network = network;
        this.requests = requests;
        this.scheduler = scheduler;
        this.table = table;
    }

    /** See {@link KadEngine#onPeerIdentified(PeerInfo, boolean, List)}. */
    void onPeerIdentified(PeerInfo peer, boolean servesDht, List<Multiaddr> observed) {
        if (peer.id().equals(self)) {
            return;
        }
        if (!servesDht) {
            if (table.remove(peer.id())) {
                LOG.debug("{} no longer serves the DHT: removed from the routing table", peer.id());
            }
            return;
        }
        if (publicOnly && IpGroups.publicOnly(peer.addresses()).isEmpty()) {
            LOG.debug("{} has no public address: kept out of a public-only routing table", peer.id());
            return;
        }
        Optional<String> group = observed.isEmpty() ? IpGroups.of(peer.addresses()) : IpGroups.of(observed);
        if (table.contains(peer.id())) {
            table.offer(peer, group, scheduler.now());
            return;
        }
        if (!table.hasRoomFor(peer.id(), scheduler.now().minus(FRESH))) {
            return; // its bucket is full of peers heard from lately: neither check is worth a request
        }
        if (!checking.add(peer.id())) {
            return;
        }
        requests.request(peer, KadMessage.findNode(self.toBytes())).whenComplete((answer, error) -> {
            checking.remove(peer.id());
            if (error != null) {
                LOG.debug("{} failed the admission check: {}", peer.id(), QueryRun.describe(error));
            } else {
                admit(peer, group);
            }
            settled(peer.id());
        });
    }

    /** See {@link KadEngine#whenAdmissionSettled}. */
    CompletableFuture<Boolean> whenSettled(PeerId peer) {
        if (table.contains(peer) || !checking.contains(peer)) {
            return CompletableFuture.completedFuture(table.contains(peer));
        }
        CompletableFuture<Boolean> settled = new CompletableFuture<>();
        waiting.computeIfAbsent(peer, p -> new ArrayList<>()).add(settled);
        return settled;
    }

    /** A check of the peer ended: those waiting learn whether it is in the table now. */
    private void settled(PeerId peer) {
        List<CompletableFuture<Boolean>> waiters = waiting.remove(peer);
        if (waiters != null) {
            boolean in = table.contains(peer);
            waiters.forEach(w -> w.complete(in));
        }
    }

    private void admit(PeerInfo peer, Optional<String> ipGroup) {
        RoutingTable.AddResult result = table.offer(peer, ipGroup, scheduler.now());
        if (result instanceof RoutingTable.AddResult.Pending pending) {
            checkLiveness(pending.check());
        }
    }

    /**
     * A full bucket's stalest member is asked a FIND_NODE; it keeps its place unless it fails to
     * answer, is not connected, and was not heard from in the meantime (a lookup answer while the
     * check ran counts). One check per peer at a time, however many newcomers knock.
     */
    private void checkLiveness(PeerId stale) {
        Optional<Instant> seenBefore = table.lastSeen(stale);
        if (seenBefore.isEmpty() || !checking.add(stale)) {
            return;
        }
        PeerInfo stalePeer = table.find(stale).orElse(PeerInfo.of(stale));
        requests.request(stalePeer, KadMessage.findNode(self.toBytes())).whenComplete((answer, error) -> {
            checking.remove(stale);
            if (error == null) {
                table.markAlive(stale, scheduler.now());
            } else if (!network.isConnected(stale) && table.lastSeen(stale).equals(seenBefore)) {
                LOG.debug("{} did not answer a liveness check: evicted for a newcomer", stale);
                table.remove(stale);
            }
            settled(stale);
        });
    }

    /**
     * See {@link KadEngine#restorePeers}. A restored peer enters as never heard from in this run
     * (last seen at the epoch), so it is also the first a full bucket offers up for a newcomer.
     */
    int restore(List<PeerInfo> peers) {
        int added = 0;
        for (PeerInfo peer : peers) {
            if (peer.id().equals(self) || peer.addresses().isEmpty() || table.contains(peer.id())) {
                continue;
            }
            if (publicOnly && IpGroups.publicOnly(peer.addresses()).isEmpty()) {
                continue;
            }
            if (table.offer(peer, IpGroups.of(peer.addresses()), Instant.EPOCH) instanceof RoutingTable.AddResult.Added) {
                toRecheck.addLast(peer);
                added++;
            }
        }
        for (int i = 0; i < RECHECKS_AT_ONCE; i++) {
            recheckNext();
        }
        return added;
    }

    /** Starts the check of the next restored peer still in the table; one that fails it leaves. */
    private void recheckNext() {
        for (PeerInfo peer = toRecheck.pollFirst(); peer != null; peer = toRecheck.pollFirst()) {
            PeerId id = peer.id();
            Optional<Instant> seenBefore = table.lastSeen(id);
            if (seenBefore.isEmpty() || !checking.add(id)) {
                continue; // gone already, or under a check of its own
            }
            requests.request(peer, KadMessage.findNode(self.toBytes())).whenComplete((ok, error) -> {
                checking.remove(id);
                if (error == null) {
                    table.markAlive(id, scheduler.now());
                } else if (!network.isConnected(id) && table.lastSeen(id).equals(seenBefore)) {
                    LOG.debug("restored peer {} failed its check: removed from the routing table", id);
                    table.remove(id);
                }
                settled(id);
                recheckNext();
            });
            return;
        }
    }

    /** How lookups report a peer's answers and failures to the table. */
    final QueryRun.PeerHealth health = new QueryRun.PeerHealth() {
        @Override
        public void answered(PeerInfo peer) {
            table.markAlive(peer.id(), scheduler.now());
        }

        @Override
        public void failed(PeerInfo peer) {
            // A peer we cannot even reach leaves the table; a slow answer over a live connection does not.
            if (!network.isConnected(peer.id()) && table.remove(peer.id())) {
                LOG.debug("{} unreachable: removed from the routing table", peer.id());
            }
        }
    };
}
