package io.jdht.kad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdht.crypto.PeerId;
import io.jdht.kad.lookup.LookupConfig;
import io.jdht.kad.record.InMemoryProviderStore;
import io.jdht.kad.record.InMemoryRecordStore;
import io.jdht.kad.wire.KadMessage;
import io.jdht.multiformats.Multihash;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The engine owns an operation's time and its end: the request timeout cancels the network's
 * future, the deadline ends the store phase too, and cancelling an operation's future stops it and
 * cancels what it has out. All on the virtual clock of {@link InMemoryKadNetwork}.
 */
class KadEngineTimeTest {
    private static final int K = 5;
    /** Longer than any operation here: a request that ends, ends because the engine ended it. */
    private static final Duration LONG_REQUESTS = Duration.ofSeconds(30);

    private final Random random = new Random(7);
    private final InMemoryKadNetwork net = new InMemoryKadNetwork();
    private final List<PeerId> ids = new ArrayList<>();

    private KadEngine engine(Duration requestTimeout) {
        PeerId id = TestPeers.randomPeer(random);
        KadConfig config = KadConfig.DEFAULT.withLookup(new LookupConfig(K, 3, 3, requestTimeout, 1));
        KadEngine e = new KadEngine(id, config, net.viewOf(id), net.clock, new InMemoryRecordStore(),
                new InMemoryProviderStore(), TestRecords.validator(), new Random(random.nextLong()));
        net.add(e, TestPeers.info(id, ids.size() + 1));
        ids.add(id);
        return e;
    }

    private KadEngine e(int i) {
        return net.engines.get(ids.get(i));
    }

    /** {@code n} engines that know each other through a few introductions and two bootstraps. */
    private void network(int n, Duration requestTimeout) {
        for (int i = 0; i < n; i++) {
            engine(requestTimeout);
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 3; j++) {
                e(i).onPeerIdentified(net.infos.get(ids.get((i + 1 + random.nextInt(n - 1)) % n)), true);
            }
        }
        assertThat(net.runUntilIdle(1_000_000)).isTrue();
        for (int round = 0; round < 2; round++) {
            List<CompletableFuture<Void>> boots = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                boots.add(e(i).bootstrap());
            }
            boots.forEach(net::await);
            assertThat(net.runUntilIdle(1_000_000)).isTrue();
        }
    }

    private void silenceAllBut(int keep) {
        for (int i = 0; i < ids.size(); i++) {
            if (i != keep) {
                net.silent.add(ids.get(i));
            }
        }
    }

    /** The futures the network returned from index {@code from} on, to silent peers. */
    private List<CompletableFuture<?>> toSilentPeersSince(int from) {
        List<CompletableFuture<?>> out = new ArrayList<>();
        for (int i = from; i < net.sent.size(); i++) {
            if (net.silent.contains(net.sent.get(i).to())) {
                out.add(net.returned.get(i));
            }
        }
        return out;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void cancellingAnOperationsFutureStopsItsLookupAndCancelsItsRequests() {
        network(30, Duration.ofSeconds(1));
        silenceAllBut(0);
        int before = net.sent.size();
        CompletableFuture<PeerInfo> find = e(0).findPeer(TestPeers.randomPeer(random), Duration.ofSeconds(60),
                QueryListener.NONE);
        assertThat(net.sent.size()).as("the first requests are out").isGreaterThan(before);
        int atCancel = net.sent.size();
        List<CompletableFuture<?>> out = List.copyOf(net.returned.subList(before, atCancel));

        assertThat(find.cancel(false)).isTrue();
        assertThat(net.runUntilIdle(1_000_000)).isTrue();

        // without the cancel the lookup would ask the next peers as each request timed out
        assertThat(net.sent.size()).as("no request after the cancel").isEqualTo(atCancel);
        assertThat(out).isNotEmpty().allMatch(CompletableFuture::isCancelled);
    }

    @Test
    void cancellingAProvideDuringItsStorePhaseStopsTheStoring() {
        network(30, LONG_REQUESTS);
        byte[] mh = Multihash.sha2_256(bytes("cancelled provide")).toBytes();
        int[] lookupEnd = {-1};
        @SuppressWarnings("unchecked")
        CompletableFuture<Integer>[] provide = new CompletableFuture[1];
        QueryListener cancelAtTheFirstStore = event -> {
            if (event instanceof QueryEvent.AddingPeer && lookupEnd[0] < 0) {
                lookupEnd[0] = net.sent.size();
                provide[0].cancel(false);
            }
        };
        provide[0] = e(0).provide(mh, Duration.ofSeconds(60), cancelAtTheFirstStore);
        assertThat(net.runUntilIdle(1_000_000)).isTrue();

        assertThat(lookupEnd[0]).as("the store phase began").isPositive();
        // (new connections bring admission checks, FIND_NODE, which are no part of the provide)
        List<KadMessage.MessageType> after = net.sent.subList(lookupEnd[0], net.sent.size()).stream()
                .map(s -> s.message().type()).filter(t -> t != KadMessage.MessageType.FIND_NODE).toList();
        // the announcement to the first peer was on its way; nobody else got one, nobody was asked back
        assertThat(after).containsExactly(KadMessage.MessageType.ADD_PROVIDER);
        assertThat(provide[0]).isCancelled();
    }

    @Test
    void aPutWhoseStorePhaseHangsEndsAtTheOperationDeadline() {
        network(30, LONG_REQUESTS);
        int[] storeFrom = {-1};
        QueryListener silenceAtStore = event -> {
            if (event instanceof QueryEvent.AddingPeer && storeFrom[0] < 0) {
                storeFrom[0] = net.sent.size();
                silenceAllBut(0); // every peer found goes silent: no PUT_VALUE is ever answered
            }
        };
        Instant start = net.clock.now();
        Duration timeout = Duration.ofSeconds(5);
        CompletableFuture<Integer> put = e(0).putValue(bytes("/v/hangs"), bytes("x"), timeout, silenceAtStore);

        assertThatThrownBy(() -> net.await(put, 100_000)).isInstanceOf(DhtException.Timeout.class)
                .hasMessageContaining("deadline");
        assertThat(net.clock.now()).isBeforeOrEqualTo(start.plus(timeout));
        assertThat(storeFrom[0]).isPositive();
        assertThat(toSilentPeersSince(storeFrom[0])).hasSize(K).allMatch(CompletableFuture::isCancelled);
    }

    @Test
    void aProvideCutByItsDeadlineCountsThePeersThatConfirmedSoFar() {
        network(30, LONG_REQUESTS);
        byte[] mh = Multihash.sha2_256(bytes("half silent")).toBytes();
        int[] storeFrom = {-1};
        QueryListener silenceEveryOther = event -> {
            if (event instanceof QueryEvent.AddingPeer a && storeFrom[0] < 0) {
                storeFrom[0] = net.sent.size();
            }
            if (event instanceof QueryEvent.AddingPeer a && (net.sent.size() - storeFrom[0]) % 2 == 1) {
                net.silent.add(a.peer().id());
            }
        };
        Instant start = net.clock.now();
        Duration timeout = Duration.ofSeconds(5);
        int confirmed = net.await(e(0).provide(mh, timeout, silenceEveryOther), 100_000);

        assertThat(net.clock.now()).isBeforeOrEqualTo(start.plus(timeout));
        List<CompletableFuture<?>> hung = toSilentPeersSince(storeFrom[0]);
        assertThat(confirmed).isEqualTo(K - hung.size()).isPositive();
        assertThat(hung).isNotEmpty().allMatch(CompletableFuture::isCancelled);
    }

    @Test
    void aSilentPeersRequestIsCancelledAtTheRequestTimeout() {
        KadEngine a = engine(Duration.ofSeconds(2));
        engine(Duration.ofSeconds(2));
        net.silent.add(ids.get(1));

        a.onPeerIdentified(net.infos.get(ids.get(1)), true);
        assertThat(net.sent).singleElement().satisfies(s -> assertThat(s.message().type())
                .isEqualTo(KadMessage.MessageType.FIND_NODE));
        CompletableFuture<?> check = net.returned.getFirst();
        CompletableFuture<Boolean> settled = a.whenAdmissionSettled(ids.get(1));
        assertThat(settled).isNotDone();

        assertThat(net.runUntilIdle(1_000)).isTrue();
        assertThat(check).isCancelled();
        assertThat(settled).isCompletedWithValue(false);
        assertThat(a.routingTable().contains(ids.get(1))).isFalse();
    }

    @Test
    void aLookupCancelsTheRequestsItStopsWaitingFor() {
        network(30, Duration.ofSeconds(1));
        silenceAllBut(0);
        int before = net.sent.size();
        assertThatThrownBy(() -> net.await(e(0).getValue(bytes("/v/nobody"), Duration.ofSeconds(60), QueryListener.NONE)))
                .isInstanceOf(DhtException.NotFound.class);
        assertThat(toSilentPeersSince(before)).isNotEmpty().allMatch(CompletableFuture::isCancelled);
    }

    @Test
    void admissionSettlesOnTheCheck() {
        KadEngine a = engine(Duration.ofSeconds(2));
        engine(Duration.ofSeconds(2));
        engine(Duration.ofSeconds(2));
        assertThat(a.whenAdmissionSettled(ids.get(1))).as("no check running").isCompletedWithValue(false);

        net.autoIdentify = false;
        a.onPeerIdentified(net.infos.get(ids.get(1)), true);
        CompletableFuture<Boolean> settled = a.whenAdmissionSettled(ids.get(1));
        assertThat(settled).isNotDone();
        assertThat(net.runUntilIdle(1_000)).isTrue();
        assertThat(settled).isCompletedWithValue(true);
        assertThat(a.whenAdmissionSettled(ids.get(1))).as("in the table").isCompletedWithValue(true);
    }
}
