package io.jdht.kad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdht.crypto.Ed25519PrivateKey;
import io.jdht.crypto.PeerId;
import io.jdht.kad.lookup.LookupConfig;
import io.jdht.kad.record.IpnsRecord;
import io.jdht.kad.record.StoredRecord;
import io.jdht.kad.wire.KadMessage;
import io.jdht.multiformats.Multihash;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The operations a node starts, on one node and on a network of 30: closest peers, put/get value (quorum, best
 * record, correcting worse ones), provide/find providers, find peer, cancelling through the listener, answers
 * that arrive synchronously, and the maintenance that republishes and reprovides.
 */
class KadEngineOperationsTest extends KadEngineFixture {

    private List<Integer> holders(byte[] key) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            if (e(i).records().get(key, net.clock.now()).isPresent()) {
                out.add(i);
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- operations on one node

    @Test
    void operationsOnAnEmptyTable() {
        KadEngine a = engine();
        assertThatThrownBy(() -> net.await(a.closestPeers(bytes("k"), TIMEOUT, listener)))
                .isInstanceOf(DhtException.NoPeers.class);
        assertThatThrownBy(() -> net.await(a.getValue(bytes("/v/k"), TIMEOUT, listener)))
                .isInstanceOf(DhtException.NoPeers.class);
        assertThat(net.await(a.putValue(bytes("/v/k"), bytes("v"), TIMEOUT, listener))).isZero();
        assertThat(net.await(a.getValue(bytes("/v/k"), TIMEOUT, listener))).isEqualTo(bytes("v"));
        assertThatThrownBy(() -> net.await(a.findPeer(a.self(), TIMEOUT, listener)))
                .isInstanceOf(DhtException.InvalidArgument.class);
        assertThatThrownBy(() -> net.await(a.findProviders(bytes("x"), 0, TIMEOUT, listener)))
                .isInstanceOf(DhtException.InvalidArgument.class);
        assertThatThrownBy(() -> net.await(a.findProviders(bytes("x"), 5, TIMEOUT, listener)))
                .isInstanceOf(DhtException.NoPeers.class);
        assertThat(net.await(a.bootstrap())).isNull();
    }

    // ---------------------------------------------------------------- a network of 30

    @Test
    void putValueReachesAtMostKPeersAndAnotherNodeGetsIt() {
        network(30);
        byte[] key = bytes("/v/greeting");
        int stored = net.await(e(3).putValue(key, bytes("hello"), TIMEOUT, listener));
        assertThat(stored).isBetween(1, K);
        assertThat(net.runUntilIdle(100_000)).isTrue();
        List<Integer> holders = holders(key);
        assertThat(holders).contains(3).hasSize(stored + 1);
        // the k closest engines to the key (other than the putter) hold it
        List<PeerId> closest = TestPeers.trueClosest(ids.stream().filter(p -> !p.equals(ids.get(3))).toList(),
                Key.of(key), K);
        assertThat(holders.stream().map(ids::get).filter(p -> !p.equals(ids.get(3))).toList())
                .containsExactlyInAnyOrderElementsOf(closest);
        assertThat(events).filteredOn(QueryEvent.AddingPeer.class::isInstance).hasSize(K);

        for (int reader : List.of(0, 17, 29)) {
            assertThat(net.await(e(reader).getValue(key, TIMEOUT, QueryListener.NONE))).isEqualTo(bytes("hello"));
        }
        assertThat(net.completionThreads).containsOnly(Thread.currentThread());
    }

    @Test
    void getValueWithAQuorumStopsOnceThatManyRecordsAreIn() {
        network(30);
        byte[] key = bytes("/v/quorum");
        net.await(e(3).putValue(key, bytes("hello"), TIMEOUT, listener));
        assertThat(net.runUntilIdle(100_000)).isTrue();
        List<QueryEvent> all = new java.util.ArrayList<>();
        assertThat(net.await(e(11).getValue(key, TIMEOUT, 0, all::add))).isEqualTo(bytes("hello"));
        long everyHolder = all.stream().filter(QueryEvent.Value.class::isInstance).count();
        List<QueryEvent> some = new java.util.ArrayList<>();
        assertThat(net.await(e(12).getValue(key, TIMEOUT, 2, some::add))).isEqualTo(bytes("hello"));
        long withQuorum = some.stream().filter(QueryEvent.Value.class::isInstance).count();
        assertThat(everyHolder).isGreaterThan(4);
        // the lookup stops at the second value; answers already in flight may still add a few
        assertThat(withQuorum).isGreaterThanOrEqualTo(2).isLessThan(everyHolder);
        assertThatThrownBy(() -> net.await(e(12).getValue(key, TIMEOUT, -1, QueryListener.NONE)))
                .hasMessageContaining("quorum must not be negative");
    }

    @Test
    void getValueSelectsTheBestAndCorrectsPeersWithWorseRecords() {
        network(30);
        Ed25519PrivateKey name = Ed25519PrivateKey.fromSeed(new byte[32]);
        byte[] key = IpnsRecord.routingKey(PeerId.fromPublicKey(name.publicKey()));
        byte[] old = ipns(name, 1).toBytes();
        byte[] best = ipns(name, 2).toBytes();
        // the closest engines hold differing records, put into their stores directly
        List<PeerId> closest = TestPeers.trueClosest(ids, Key.of(key), K + 2);
        int reader = ids.indexOf(TestPeers.trueClosest(ids, Key.of(key), 30).getLast());
        Set<PeerId> hadOld = new HashSet<>();
        for (int i = 0; i < closest.size(); i++) {
            KadEngine holder = net.engines.get(closest.get(i));
            byte[] value = i == 1 ? best : old;
            if (value == old) {
                hadOld.add(closest.get(i));
            }
            holder.records().put(new StoredRecord(key, value, T0));
        }
        byte[] got = net.await(e(reader).getValue(key, TIMEOUT, listener));
        assertThat(got).isEqualTo(best);
        assertThat(net.runUntilIdle(100_000)).isTrue();

        List<PeerId> answeredOld = events.stream().filter(QueryEvent.Value.class::isInstance)
                .map(QueryEvent.Value.class::cast).filter(v -> Arrays.equals(v.value(), old)).map(QueryEvent.Value::from)
                .toList();
        assertThat(answeredOld).isNotEmpty();
        for (PeerId p : answeredOld) {
            assertThat(net.engines.get(p).records().get(key, net.clock.now()).orElseThrow().value())
                    .as("corrected at %s", p).isEqualTo(best);
        }
        // corrections went only to peers that answered with the old record
        assertThat(net.sentOfType(KadMessage.MessageType.PUT_VALUE)).extracting(InMemoryKadNetwork.Sent::to)
                .containsExactlyInAnyOrderElementsOf(answeredOld);
        assertThat(hadOld).containsAll(answeredOld);
    }

    @Test
    void getValueReplacesAWorseLocalRecord() {
        network(30);
        Ed25519PrivateKey name = Ed25519PrivateKey.fromSeed(new byte[32]);
        byte[] key = IpnsRecord.routingKey(PeerId.fromPublicKey(name.publicKey()));
        byte[] old = ipns(name, 1).toBytes();
        byte[] best = ipns(name, 2).toBytes();
        int reader = ids.indexOf(TestPeers.trueClosest(ids, Key.of(key), 30).getLast());
        e(reader).records().put(new StoredRecord(key, old, T0));
        for (PeerId p : TestPeers.trueClosest(ids, Key.of(key), K)) {
            net.engines.get(p).records().put(new StoredRecord(key, best, T0));
        }
        assertThat(net.await(e(reader).getValue(key, TIMEOUT, listener))).isEqualTo(best);
        assertThat(e(reader).records().get(key, net.clock.now()).orElseThrow().value()).isEqualTo(best);
    }

    @Test
    void findProvidersStopsAtMax() {
        network(30);
        byte[] mh = Multihash.sha2_256(bytes("popular")).toBytes();
        List<Integer> providers = List.of(2, 5, 8, 11, 14, 20);
        for (int p : providers) {
            assertThat(net.await(e(p).provide(mh, TIMEOUT, QueryListener.NONE))).isBetween(1, K);
        }
        assertThat(net.runUntilIdle(100_000)).isTrue();
        Set<PeerId> providerIds = new HashSet<>(providers.stream().map(ids::get).toList());

        int before = net.sent.size();
        List<PeerInfo> two = net.await(e(25).findProviders(mh, 2, TIMEOUT, listener));
        int requestsForTwo = net.sent.size() - before;
        assertThat(two).hasSize(2).extracting(PeerInfo::id).allMatch(providerIds::contains);
        assertThat(two).allSatisfy(p -> assertThat(p.addresses()).isEqualTo(net.infos.get(p.id()).addresses()));
        assertThat(events).filteredOn(QueryEvent.Provider.class::isInstance).hasSize(2);

        before = net.sent.size();
        List<PeerInfo> all = net.await(e(26).findProviders(mh, 100, TIMEOUT, QueryListener.NONE));
        int requestsForAll = net.sent.size() - before;
        assertThat(all).extracting(PeerInfo::id).containsExactlyInAnyOrderElementsOf(providerIds);
        assertThat(requestsForTwo).as("stopping at max saves requests").isLessThan(requestsForAll);

        // a provider finds itself first, locally, without asking anyone
        before = net.sent.size();
        assertThat(net.await(e(2).findProviders(mh, 1, TIMEOUT, QueryListener.NONE)))
                .extracting(PeerInfo::id).containsExactly(ids.get(2));
        assertThat(net.sent.size()).isEqualTo(before);
    }

    @Test
    void findPeerFindsAnUnknownPeer() {
        network(30);
        KadEngine searcher = e(0);
        int target = -1;
        for (int i = 1; i < 30 && target < 0; i++) {
            if (!searcher.routingTable().contains(ids.get(i)) && !net.viewOf(ids.get(0)).isConnected(ids.get(i))) {
                target = i;
            }
        }
        // the searcher may know everyone after bootstrapping 30 peers with k = 5: then forget one
        if (target < 0) {
            target = 29;
            searcher.routingTable().remove(ids.get(target));
            net.connections.remove(Set.of(ids.get(0), ids.get(target)));
        }
        net.addressBooks.get(ids.get(0)).remove(ids.get(target));
        PeerInfo found = net.await(searcher.findPeer(ids.get(target), TIMEOUT, listener));
        assertThat(found).isEqualTo(info(target));
        assertThat(events).filteredOn(QueryEvent.FinalPeer.class::isInstance).singleElement()
                .isEqualTo(new QueryEvent.FinalPeer(info(target)));
        assertThat(events).filteredOn(QueryEvent.SendingQuery.class::isInstance).isNotEmpty();

        // once connected, a peer is answered from the address book without a lookup
        net.connections.add(Set.of(ids.get(0), ids.get(target)));
        int before = net.sent.size();
        assertThat(net.await(searcher.findPeer(ids.get(target), TIMEOUT, QueryListener.NONE))).isEqualTo(info(target));
        assertThat(net.sent.size()).isEqualTo(before);
    }

    @Test
    void findPeerForAPeerThatDoesNotExistFails() {
        network(30);
        PeerId nobody = TestPeers.randomPeer(random);
        assertThatThrownBy(() -> net.await(e(4).findPeer(nobody, TIMEOUT, QueryListener.NONE)))
                .isInstanceOf(DhtException.NotFound.class);
    }

    @Test
    void aCancelledListenerStopsTheLookupAndTheStoring() {
        // one request at a time, so that a lookup's length is visible in its requests
        network(30, KadConfig.DEFAULT.withLookup(new LookupConfig(20, 1, 3, Duration.ofSeconds(10), 1)));
        PeerId nobody = TestPeers.randomPeer(random);
        List<QueryEvent> full = new java.util.ArrayList<>();
        assertThatThrownBy(() -> net.await(e(4).findPeer(nobody, TIMEOUT, full::add)));
        long fullRequests = full.stream().filter(QueryEvent.SendingQuery.class::isInstance).count();

        List<QueryEvent> cut = new java.util.ArrayList<>();
        QueryListener givesUp = new QueryListener() {
            @Override
            public void onEvent(QueryEvent event) {
                cut.add(event);
            }

            @Override
            public boolean cancelled() {
                return cut.stream().filter(QueryEvent.PeerResponse.class::isInstance).count() >= 1;
            }
        };
        assertThatThrownBy(() -> net.await(e(5).findPeer(nobody, TIMEOUT, givesUp)));
        long cutRequests = cut.stream().filter(QueryEvent.SendingQuery.class::isInstance).count();
        assertThat(fullRequests).isGreaterThan(3);
        // the first request was out before the asker gave up; none followed its answer
        assertThat(cutRequests).isEqualTo(1);

        List<QueryEvent> putEvents = new java.util.ArrayList<>();
        QueryListener cancelledPut = new QueryListener() {
            @Override
            public void onEvent(QueryEvent event) {
                putEvents.add(event);
            }

            @Override
            public boolean cancelled() {
                return true;
            }
        };
        // given up before it began: the lookup asks nobody and nothing is stored anywhere but here
        assertThatThrownBy(() -> net.await(e(6).putValue(bytes("/v/cancelled"), bytes("x"), TIMEOUT, cancelledPut)))
                .hasMessageContaining("stopped early");
        assertThat(putEvents).noneMatch(ev -> ev instanceof QueryEvent.AddingPeer || ev instanceof QueryEvent.SendingQuery);
    }

    @Test
    void closestPeersEqualsTheTrueClosestAmongTheEngines() {
        network(30);
        for (int trial = 0; trial < 10; trial++) {
            int searcher = random.nextInt(30);
            byte[] key = new byte[20];
            random.nextBytes(key);
            KadEngine.ClosestPeers result = net.await(e(searcher).closestPeers(key, TIMEOUT, QueryListener.NONE));
            List<PeerId> others = ids.stream().filter(p -> !p.equals(ids.get(searcher))).toList();
            assertThat(result.peers()).extracting(PeerInfo::id)
                    .containsExactlyElementsOf(TestPeers.trueClosest(others, Key.of(key), K));
            assertThat(result.summary().outcome()).isEqualTo(io.jdht.kad.lookup.Lookup.Outcome.COMPLETED);
            assertThat(result.summary().failed()).isZero();
            assertThat(result.summary().answered()).isEqualTo(result.summary().asked());
        }
    }

    @Test
    void operationsWorkWhenAnswersArriveSynchronously() {
        network(30);
        net.latency = Duration.ZERO;
        byte[] key = bytes("/v/sync");
        int stored = net.await(e(1).putValue(key, bytes("now"), TIMEOUT, QueryListener.NONE));
        assertThat(stored).isBetween(1, K);
        CompletableFuture<byte[]> get = e(2).getValue(key, TIMEOUT, QueryListener.NONE);
        assertThat(get).as("with inline answers the whole lookup runs inside the call").isDone();
        assertThat(net.await(get)).isEqualTo(bytes("now"));
        byte[] target = bytes("somewhere");
        List<PeerId> others = ids.stream().filter(p -> !p.equals(ids.get(3))).toList();
        assertThat(net.await(e(3).closestPeers(target, TIMEOUT, QueryListener.NONE)).peers()).extracting(PeerInfo::id)
                .containsExactlyElementsOf(TestPeers.trueClosest(others, Key.of(target), K));
    }

    // ---------------------------------------------------------------- maintenance

    @Test
    void maintenanceReprovidesUntilStopped() {
        network(8);
        byte[] mh = Multihash.sha2_256(bytes("kept alive")).toBytes();
        assertThat(net.await(e(0).provide(mh, TIMEOUT, QueryListener.NONE))).isPositive();
        assertThat(net.runUntilIdle(100_000)).isTrue();
        long announced = net.sentOfType(KadMessage.MessageType.ADD_PROVIDER).size();
        e(0).startMaintenance();
        // run 23 virtual hours: one reprovide (every 22 h), refreshes every 10 minutes
        net.clock.schedule(Duration.ofHours(23), () -> {});
        Instant end = net.clock.now().plus(Duration.ofHours(23));
        for (int i = 0; i < 1_000_000 && net.clock.now().isBefore(end); i++) {
            assertThat(net.clock.runNext()).isTrue();
        }
        long after = net.sentOfType(KadMessage.MessageType.ADD_PROVIDER).size();
        assertThat(after - announced).isBetween(1L, (long) K);
        e(0).stopMaintenance();
        assertThat(net.runUntilIdle(1_000_000)).as("no periodic work left once stopped").isTrue();
    }

    @Test
    void maintenanceRepublishesOwnRecordsUntilSuperseded() {
        network(8);
        Ed25519PrivateKey name = Ed25519PrivateKey.fromSeed(new byte[32]);
        byte[] key = IpnsRecord.routingKey(PeerId.fromPublicKey(name.publicKey()));
        byte[] first = ipns(name, 1).toBytes();
        assertThat(net.await(e(0).putValue(key, first, TIMEOUT, QueryListener.NONE))).isPositive();
        assertThat(net.runUntilIdle(100_000)).isTrue();
        long before = net.sentOfType(KadMessage.MessageType.PUT_VALUE).size();
        e(0).startMaintenance();
        runFor(Duration.ofHours(23)); // one republish (every 22 h)
        long afterFirst = net.sentOfType(KadMessage.MessageType.PUT_VALUE).size();
        assertThat(afterFirst - before).isBetween(1L, (long) K);

        // someone publishes a newer record under the name; e(0)'s own is superseded
        e(0).records().put(new StoredRecord(key, ipns(name, 2).toBytes(), net.clock.now()));
        runFor(Duration.ofHours(22)); // the republish attempt finds its record superseded
        long afterSecond = net.sentOfType(KadMessage.MessageType.PUT_VALUE).size();
        runFor(Duration.ofHours(22)); // and does not try again
        assertThat(net.sentOfType(KadMessage.MessageType.PUT_VALUE).size()).isEqualTo(afterSecond);
        assertThat(afterSecond).isEqualTo(afterFirst);
        e(0).stopMaintenance();
    }
}
