package io.jdht.kad;

import io.jdht.crypto.PeerId;
import io.jdht.kad.record.InvalidRecordException;
import io.jdht.kad.wire.KadCodec;
import io.jdht.kad.wire.KadMessage;
import io.jdht.kad.wire.KadMessageException;
import io.jdht.multiformats.Multiaddr;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A tiny in-process network of {@link KadEngine}s over a virtual clock. A request to a peer is
 * encoded, decoded and handed to that peer's engine after {@link #latency} (or at once, inline,
 * when the latency is zero), and the answer travels back the same way. Everything runs on the
 * test thread: timers are a priority queue the test drains with {@link #runUntil} or
 * {@link #runUntilIdle}.
 *
 * <p>Like a real node, a successful exchange opens a "connection", and both ends then identify
 * each other ({@link KadEngine#onPeerIdentified}) unless {@link #autoIdentify} is off.
 */
final class InMemoryKadNetwork {
    static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    /** The virtual clock. */
    final class Clock implements Scheduler {
        private record Timer(Instant due, long seq, Runnable task, boolean[] cancelled) {}

        private final PriorityQueue<Timer> timers = new PriorityQueue<>(
                Comparator.comparing(Timer::due).thenComparingLong(Timer::seq));
        private Instant now = T0;
        private long seq;

        @Override
        public Instant now() {
            return now;
        }

        @Override
        public Cancellable schedule(Duration delay, Runnable task) {
            boolean[] cancelled = {false};
            timers.add(new Timer(now.plus(delay), seq++, task, cancelled));
            return () -> cancelled[0] = true;
        }

        /** Runs the next live timer; false if there is none. */
        boolean runNext() {
            Timer t;
            do {
                t = timers.poll();
            } while (t != null && t.cancelled()[0]);
            if (t == null) {
                return false;
            }
            if (t.due().isAfter(now)) {
                now = t.due();
            }
            t.task().run();
            return true;
        }

        int pending() {
            return (int) timers.stream().filter(t -> !t.cancelled()[0]).count();
        }
    }

    final Clock clock = new Clock();
    final Map<PeerId, KadEngine> engines = new LinkedHashMap<>();
    final Map<PeerId, PeerInfo> infos = new HashMap<>();
    /** Peers that accept requests and never answer. */
    final Set<PeerId> silent = new HashSet<>();
    /** Peers whose requests fail at once (connection refused). */
    final Set<PeerId> unreachable = new HashSet<>();
    final Map<PeerId, Map<PeerId, List<Multiaddr>>> addressBooks = new HashMap<>();
    final Set<Set<PeerId>> connections = new HashSet<>();
    /** Every request and message sent: from, to, message. */
    final List<Sent> sent = new ArrayList<>();
    /** The future returned for each of {@link #sent}, at the same index (the engine may cancel it). */
    final List<CompletableFuture<?>> returned = new ArrayList<>();
    /** Off: {@link #sent} stays empty and only {@link #sentCounts} counts (millions of messages). */
    boolean keepSent = true;
    /** Requests and messages sent, by sender and type. */
    final Map<PeerId, Map<KadMessage.MessageType, Long>> sentCounts = new HashMap<>();
    Duration latency = Duration.ofMillis(10);
    /** Each message takes {@link #latency} plus a uniform extra in [0, jitter), drawn from {@link #jitterRandom}. */
    Duration jitter = Duration.ZERO;
    java.util.Random jitterRandom = new java.util.Random(1);
    boolean autoIdentify = true;
    /** The thread each completed answer future completed on. */
    final Set<Thread> completionThreads = new HashSet<>();

    record Sent(PeerId from, PeerId to, KadMessage message) {}

    private void record(Sent s) {
        sentCounts.computeIfAbsent(s.from(), p -> new java.util.EnumMap<>(KadMessage.MessageType.class))
                .merge(s.message().type(), 1L, Long::sum);
        if (keepSent) {
            sent.add(s);
        }
    }

    /** How many messages of this type {@code from} has sent. */
    long sentBy(PeerId from, KadMessage.MessageType type) {
        return sentCounts.getOrDefault(from, Map.of()).getOrDefault(type, 0L);
    }

    /** How many messages of any type {@code from} has sent. */
    long sentBy(PeerId from) {
        return sentCounts.getOrDefault(from, Map.of()).values().stream().mapToLong(Long::longValue).sum();
    }

    void add(KadEngine engine, PeerInfo info) {
        engines.put(info.id(), engine);
        infos.put(info.id(), info);
        addressBooks.put(info.id(), new HashMap<>());
    }

    KadNetwork viewOf(PeerId self) {
        return new View(self);
    }

    /** Runs timers until the future is done, at most {@code maxSteps} of them. */
    <T> T await(CompletableFuture<T> future, int maxSteps) {
        for (int i = 0; i < maxSteps && !future.isDone(); i++) {
            if (!clock.runNext()) {
                break;
            }
        }
        if (!future.isDone()) {
            throw new AssertionError("the operation did not finish; pending timers: " + clock.pending());
        }
        try {
            return future.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    <T> T await(CompletableFuture<T> future) {
        return await(future, 1_000_000);
    }

    /** Runs every timer (bounded); true if the queue emptied. */
    boolean runUntilIdle(int maxSteps) {
        for (int i = 0; i < maxSteps; i++) {
            if (!clock.runNext()) {
                return true;
            }
        }
        return false;
    }

    List<Sent> sentOfType(KadMessage.MessageType type) {
        return sent.stream().filter(s -> s.message().type() == type).toList();
    }

    private void later(Runnable r) {
        if (latency.isZero()) {
            r.run();
        } else {
            clock.schedule(jitter.isZero() ? latency
                    : latency.plusNanos((long) (jitterRandom.nextDouble() * jitter.toNanos())), r);
        }
    }

    private void connect(PeerId a, PeerId b) {
        if (!connections.add(Set.of(a, b))) {
            return;
        }
        addressBooks.get(a).put(b, infos.get(b).addresses());
        addressBooks.get(b).put(a, infos.get(a).addresses());
        if (autoIdentify) {
            KadEngine ea = engines.get(a);
            KadEngine eb = engines.get(b);
            later(() -> ea.onPeerIdentified(infos.get(b), eb.isServerMode()));
            later(() -> eb.onPeerIdentified(infos.get(a), ea.isServerMode()));
        }
    }

    private static KadMessage wire(KadMessage m) {
        try {
            return KadCodec.decode(KadCodec.encode(m));
        } catch (KadMessageException e) {
            throw new AssertionError("a message the codec wrote does not decode", e);
        }
    }

    private final class View implements KadNetwork {
        private final PeerId self;

        View(PeerId self) {
            this.self = self;
        }

        @Override
        public CompletableFuture<KadMessage> request(PeerInfo peer, KadMessage request) {
            record(new Sent(self, peer.id(), request));
            CompletableFuture<KadMessage> answer = new CompletableFuture<>();
            if (keepSent) {
                returned.add(answer);
            }
            answer.whenComplete((m, e) -> completionThreads.add(Thread.currentThread()));
            KadEngine target = engines.get(peer.id());
            if (silent.contains(peer.id())) {
                return answer;
            }
            later(() -> {
                if (target == null || unreachable.contains(peer.id()) || !target.isServerMode()) {
                    answer.completeExceptionally(new java.io.IOException("cannot connect to " + peer.id()));
                    return;
                }
                connect(self, peer.id());
                Optional<KadMessage> reply;
                try {
                    reply = target.handle(infos.get(self), wire(request));
                } catch (InvalidRecordException | RuntimeException e) { // a refused record, a full store
                    answer.completeExceptionally(new java.io.IOException("stream reset: " + e.getMessage()));
                    return;
                }
                if (reply.isEmpty()) {
                    answer.completeExceptionally(new java.io.IOException("no answer"));
                    return;
                }
                KadMessage r = wire(reply.get());
                later(() -> answer.complete(r));
            });
            return answer;
        }

        @Override
        public CompletableFuture<Void> send(PeerInfo peer, KadMessage message) {
            record(new Sent(self, peer.id(), message));
            CompletableFuture<Void> done = new CompletableFuture<>();
            if (keepSent) {
                returned.add(done);
            }
            KadEngine target = engines.get(peer.id());
            if (silent.contains(peer.id())) {
                return done;
            }
            later(() -> {
                if (target == null || unreachable.contains(peer.id())) {
                    done.completeExceptionally(new java.io.IOException("cannot connect to " + peer.id()));
                    return;
                }
                connect(self, peer.id());
                try {
                    target.handle(infos.get(self), wire(message));
                    done.complete(null);
                } catch (InvalidRecordException e) {
                    done.completeExceptionally(e);
                }
            });
            return done;
        }

        @Override
        public List<Multiaddr> addressesOf(PeerId peer) {
            return addressBooks.get(self).getOrDefault(peer, List.of());
        }

        @Override
        public void learnAddresses(PeerInfo peer) {
            if (!peer.id().equals(self)) {
                addressBooks.get(self).put(peer.id(), peer.addresses());
            }
        }

        @Override
        public boolean isConnected(PeerId peer) {
            return !peer.equals(self) && connections.contains(Set.of(self, peer));
        }

        @Override
        public List<Multiaddr> selfAddresses() {
            return infos.get(self).addresses();
        }
    }
}
