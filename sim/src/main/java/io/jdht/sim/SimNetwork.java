package io.jdht.sim;

import io.jdht.crypto.PeerId;
import io.jdht.kad.KadNetwork;
import io.jdht.kad.PeerInfo;
import io.jdht.kad.record.InvalidRecordException;
import io.jdht.kad.wire.KadMessage;
import io.jdht.multiformats.Multiaddr;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.random.RandomGenerator;

/**
 * The modelled network between the simulated nodes, seen by each node's engine as its
 * {@link KadNetwork}. What a request costs follows the wire:
 *
 * <ul>
 *   <li>on an open connection, one round trip: the request one way, the answer back;
 *   <li>to a peer not connected, a dial first: {@code handshakeRtts} round trips (TCP's, then
 *       Noise's, which with jdht's savings carries the muxer choice and the request itself), after
 *       which both ends identify each other, as real nodes do, and may admit each other to their
 *       routing tables;
 *   <li>a dial to a peer that is offline or cannot be dialled (behind a NAT) fails after the
 *       dial timeout, 5 s, as a TCP dial does in go-libp2p and jdht;
 *   <li>a request or answer may be lost (probability {@code loss}); the asker then waits for its
 *       request timeout;
 *   <li>a peer in client mode refuses the protocol at once (one round trip).
 * </ul>
 *
 * Messages are handed over as objects, but counted at the size the real codec gives them. A node
 * keeps at most {@link Connections#CAPACITY} connections, dropping the least recently used.
 */
final class SimNetwork {
    static final long DIAL_TIMEOUT_MICROS = 5_000_000;

    private final EventLoop loop;
    private final LatencyModel latency;
    private final RandomGenerator random;
    private final double loss;
    private final int handshakeRtts;
    final Traffic traffic = new Traffic();
    private final Map<PeerId, SimNode> byId = new HashMap<>();
    private final java.util.ArrayList<SimNode> nodes = new java.util.ArrayList<>();
    /** The attacker, if the run has one. */
    Sybils sybils;

    SimNetwork(EventLoop loop, LatencyModel latency, RandomGenerator random, double loss, int handshakeRtts) {
        this.loop = loop;
        this.latency = latency;
        this.random = random;
        this.loss = loss;
        this.handshakeRtts = handshakeRtts;
    }

    void add(SimNode node) {
        byId.put(node.id, node);
        nodes.add(node);
    }

    SimNode node(int index) {
        return nodes.get(index);
    }

    int size() {
        return nodes.size();
    }

    /** The {@code count} online servers closest to a key (an oracle no node has: for measuring lookups). */
    List<PeerId> closestOnlineServers(byte[] key, int count) {
        io.jdht.kad.Key target = io.jdht.kad.Key.of(key);
        return nodes.stream().filter(n -> n.online && n.server && !n.sybil)
                .sorted((a, b) -> a.key.compareDistance(b.key, target))
                .limit(count).map(n -> n.id).toList();
    }

    KadNetwork viewOf(SimNode self) {
        return new View(self);
    }

    long rttMicros(SimNode a, SimNode b) {
        return latency.rttMicros(a.index, b.index);
    }

    /** Whether a connection between the two is open in both nodes' current sessions. */
    boolean connected(SimNode a, SimNode b) {
        return a.online && b.online && a.connections.has(b.index, b.session);
    }

    /**
     * Opens a connection from {@code from} to {@code to} (a dial, or a connection the caller
     * already paid for) and lets both identify the other once it is up.
     */
    private void open(SimNode from, SimNode to, long identifyDelayMicros) {
        int droppedA = from.connections.open(to.index, to.session);
        int droppedB = to.connections.open(from.index, from.session);
        if (droppedA >= 0) {
            nodes.get(droppedA).connections.close(from.index);
        }
        if (droppedB >= 0) {
            nodes.get(droppedB).connections.close(to.index);
        }
        int fromSession = from.session;
        int toSession = to.session;
        loop.after(identifyDelayMicros, () -> {
            if (from.online && to.online && from.session == fromSession && to.session == toSession) {
                from.engine.onPeerIdentified(to.info, to.server);
                to.engine.onPeerIdentified(from.info, from.server);
            }
        });
    }

    /** Connects a joining node to a bootstrap peer: a dial, then identify, as {@code jdht} does. */
    void connect(SimNode from, SimNode to) {
        long rtt = rttMicros(from, to);
        if (!to.online || !to.dialable) {
            traffic.dial(false);
            return;
        }
        traffic.dial(true);
        loop.after(handshakeRtts * rtt, () -> {
            if (from.online && to.online) {
                open(from, to, rtt);
            }
        });
    }

    /**
     * Sends {@code message} from {@code from} to {@code to}, dialling first if they have no
     * connection: {@code written} once it is on its way, then {@code arrived} at the peer half a round
     * trip later, or {@code failed} at the sender (dial timeout, peer gone, protocol refused).
     */
    private void deliver(SimNode from, SimNode to, KadMessage message, Delivery delivery) {
        int fromSession = from.session;
        long rtt = rttMicros(from, to);
        long ready;
        if (from.connections.touch(to.index, to.session) && to.online) {
            ready = 0;
        } else if (!to.online || !to.dialable) {
            traffic.dial(false);
            loop.after(DIAL_TIMEOUT_MICROS, () -> delivery.failed(new IOException("dial to " + to.id + " timed out")));
            return;
        } else {
            traffic.dial(true);
            ready = handshakeRtts * rtt;
        }
        traffic.count(from, message);
        boolean lost = loss > 0 && random.nextDouble() < loss;
        int toSession = to.session;
        if (ready > 0) {
            loop.after(ready, () -> {
                if (from.online && from.session == fromSession && to.online && to.session == toSession) {
                    open(from, to, rtt);
                }
                delivery.written();
            });
        } else {
            delivery.written();
        }
        if (lost) {
            return; // the asker's own request timeout ends the wait
        }
        loop.after(ready + rtt / 2, () -> {
            if (!to.online || to.session != toSession) {
                loop.after(rtt / 2, () -> delivery.failed(new IOException("connection to " + to.id + " reset")));
            } else if (!to.server) {
                loop.after(rtt / 2, () -> delivery.failed(new IOException(to.id + " does not serve the DHT")));
            } else {
                delivery.arrived(rtt);
            }
        });
    }

    /** The node's answer: its engine's, or the attacker's for a Sybil asked about the attacked region. */
    private Optional<KadMessage> answerAt(SimNode node, SimNode from, KadMessage request) throws InvalidRecordException {
        if (node.sybil) {
            Optional<Optional<KadMessage>> forged = sybils.answer(request);
            if (forged.isPresent()) {
                return forged.get();
            }
        }
        return node.engine.handle(from.info, request);
    }

    private interface Delivery {
        void written();

        void arrived(long rttMicros);

        void failed(IOException e);
    }

    private final class View implements KadNetwork {
        private final SimNode self;

        View(SimNode self) {
            this.self = self;
        }

        @Override
        public CompletableFuture<KadMessage> request(PeerInfo peer, KadMessage request) {
            CompletableFuture<KadMessage> answer = new CompletableFuture<>();
            SimNode to = byId.get(peer.id());
            if (to == null || to == self || !self.online) {
                loop.after(DIAL_TIMEOUT_MICROS, () -> answer.completeExceptionally(new IOException("no route to " + peer.id())));
                return answer;
            }
            int session = self.session;
            deliver(self, to, request, new Delivery() {
                @Override
                public void written() {}

                @Override
                public void arrived(long rtt) {
                    Optional<KadMessage> reply;
                    try {
                        reply = answerAt(to, self, request);
                    } catch (InvalidRecordException | RuntimeException e) {
                        loop.after(rtt / 2, () -> answer.completeExceptionally(new IOException("stream reset: " + e.getMessage())));
                        return;
                    }
                    if (reply.isEmpty()) {
                        return;
                    }
                    KadMessage r = reply.get();
                    traffic.countAnswer(self, request.key(), r);
                    if (loss > 0 && random.nextDouble() < loss) {
                        return;
                    }
                    loop.after(rtt / 2, () -> {
                        if (self.online && self.session == session) {
                            answer.complete(r);
                        }
                    });
                }

                @Override
                public void failed(IOException e) {
                    if (self.online && self.session == session) {
                        answer.completeExceptionally(e);
                    }
                }
            });
            return answer;
        }

        @Override
        public CompletableFuture<Void> send(PeerInfo peer, KadMessage message) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            SimNode to = byId.get(peer.id());
            if (to == null || to == self || !self.online) {
                loop.after(DIAL_TIMEOUT_MICROS, () -> done.completeExceptionally(new IOException("no route to " + peer.id())));
                return done;
            }
            deliver(self, to, message, new Delivery() {
                @Override
                public void written() {
                    done.complete(null);
                }

                @Override
                public void arrived(long rtt) {
                    try {
                        answerAt(to, self, message);
                    } catch (InvalidRecordException | RuntimeException e) {
                        // the sender never hears of it: ADD_PROVIDER has no answer
                    }
                }

                @Override
                public void failed(IOException e) {
                    done.completeExceptionally(e);
                }
            });
            return done;
        }

        @Override
        public List<Multiaddr> addressesOf(PeerId peer) {
            SimNode n = byId.get(peer);
            return n == null ? List.of() : n.info.addresses();
        }

        @Override
        public void learnAddresses(PeerInfo peer) {
            // every simulated node's address is known to all; nothing to remember
        }

        @Override
        public boolean isConnected(PeerId peer) {
            SimNode n = byId.get(peer);
            return n != null && connected(self, n);
        }

        @Override
        public List<Multiaddr> selfAddresses() {
            return self.info.addresses();
        }
    }
}
