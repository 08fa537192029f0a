package io.jdht.kad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdht.crypto.Ed25519PrivateKey;
import io.jdht.crypto.PeerId;
import io.jdht.kad.lookup.LookupConfig;
import io.jdht.kad.record.InMemoryProviderStore;
import io.jdht.kad.record.InMemoryRecordStore;
import io.jdht.kad.record.InvalidRecordException;
import io.jdht.kad.record.IpnsRecord;
import io.jdht.kad.record.ProviderRecord;
import io.jdht.kad.record.PublicKeyValidator;
import io.jdht.kad.record.StoredRecord;
import io.jdht.kad.wire.KadMessage;
import io.jdht.multiformats.Multiaddr;
import io.jdht.multiformats.Multihash;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class KadEngineTest {
    private static final Instant T0 = InMemoryKadNetwork.T0;
    private static final int K = 5;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final Random random = new Random(2024);
    private final InMemoryKadNetwork net = new InMemoryKadNetwork();
    private final List<PeerId> ids = new ArrayList<>();
    private final List<QueryEvent> events = new ArrayList<>();
    private final QueryListener listener = events::add;

    private KadConfig config(Duration requestTimeout) {
        return KadConfig.DEFAULT.withLookup(new LookupConfig(K, 3, 3, requestTimeout, 1)).withQueryTimeout(TIMEOUT);
    }

    private KadEngine engine(KadConfig config) {
        PeerId id = TestPeers.randomPeer(random);
        KadEngine e = new KadEngine(id, config, net.viewOf(id), net.clock, new InMemoryRecordStore(),
                new InMemoryProviderStore(), TestRecords.validator(), new Random(random.nextLong()));
        net.add(e, TestPeers.info(id, ids.size() + 1));
        ids.add(id);
        return e;
    }

    private KadEngine engine() {
        return engine(config(Duration.ofSeconds(1)));
    }

    private KadEngine e(int i) {
        return net.engines.get(ids.get(i));
    }

    private PeerInfo info(int i) {
        return net.infos.get(ids.get(i));
    }

    /** {@code n} engines; each meets 3 random others, then all bootstrap. */
    private void network(int n, KadConfig config) {
        for (int i = 0; i < n; i++) {
            engine(config);
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 3; j++) {
                int other = (i + 1 + random.nextInt(n - 1)) % n;
                e(i).onPeerIdentified(info(other), true);
            }
        }
        assertThat(net.runUntilIdle(1_000_000)).isTrue();
        for (int round = 0; round < 2; round++) {
            List<CompletableFuture<Void>> boots = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                boots.add(e(i).bootstrap());
            }
            for (CompletableFuture<Void> b : boots) {
                net.await(b);
            }
            assertThat(net.runUntilIdle(1_000_000)).isTrue();
        }
        for (int i = 0; i < n; i++) {
            assertThat(e(i).routingTableSize()).as("table of engine %d", i).isGreaterThanOrEqualTo(K);
        }
    }

    private void network(int n) {
        network(n, config(Duration.ofSeconds(1)));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private List<Integer> holders(byte[] key) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            if (e(i).records().get(key, net.clock.now()).isPresent()) {
                out.add(i);
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- admission

    @Test
    void aPeerEntersTheTableOnlyAfterAnsweringTheFindNodeCheck() {
        net.autoIdentify = false;
        KadEngine a = engine();
        KadEngine b = engine();
        a.onPeerIdentified(info(1), true);
        assertThat(a.routingTable().contains(b.self())).as("not before the check answered").isFalse();
        assertThat(net.sent).singleElement().satisfies(s -> {
            assertThat(s.to()).isEqualTo(b.self());
            assertThat(s.message().type()).isEqualTo(KadMessage.MessageType.FIND_NODE);
            assertThat(s.message().key()).isEqualTo(a.self().toBytes());
        });
        // identified again while the check runs: no second check
        a.onPeerIdentified(info(1), true);
        assertThat(net.sent).hasSize(1);
        assertThat(net.runUntilIdle(100)).isTrue();
        assertThat(a.routingTable().contains(b.self())).isTrue();
        assertThat(net.completionThreads).containsOnly(Thread.currentThread());

        // it stops serving the DHT: it leaves
        a.onPeerIdentified(info(1), false);
        assertThat(a.routingTable().contains(b.self())).isFalse();
    }

    /** An engine whose bucket 0 (peers sharing no leading bit with it) another engine fits into. */
    private int engineInBucketZeroOf(KadEngine a) {
        for (int tries = 0; tries < 100; tries++) {
            engine();
            int i = ids.size() - 1;
            if (Key.of(ids.get(i)).commonPrefixLength(Key.of(a.self())) == 0) {
                return i;
            }
        }
        throw new AssertionError("no peer with a common prefix length of 0 in 100 tries");
    }

    @Test
    void aNewcomerToABucketOfPeersHeardFromLatelyIsTurnedAwayWithoutARequest() {
        net.autoIdentify = false;
        KadEngine a = engine();
        for (int n = 0; n < K; n++) {
            a.onPeerIdentified(info(engineInBucketZeroOf(a)), true);
        }
        assertThat(net.runUntilIdle(1_000)).isTrue();
        assertThat(a.routingTable().bucketSizes()[0]).isEqualTo(K);
        int sentBefore = net.sent.size();

        int newcomer = engineInBucketZeroOf(a);
        a.onPeerIdentified(info(newcomer), true);
        assertThat(net.sent).as("no admission check, no liveness check").hasSize(sentBefore);
        assertThat(a.routingTable().contains(ids.get(newcomer))).isFalse();

        // Once the members have not been heard from for a while, a newcomer is checked, and so is the stalest member.
        runFor(Admission.FRESH.plusMinutes(1));
        int later = engineInBucketZeroOf(a);
        a.onPeerIdentified(info(later), true);
        assertThat(net.sent).hasSize(sentBefore + 1);
        assertThat(net.sent.getLast().to()).isEqualTo(ids.get(later));
        assertThat(net.runUntilIdle(1_000)).isTrue();
        assertThat(net.sent.subList(sentBefore + 1, net.sent.size())).as("the liveness check of a member")
                .anySatisfy(s -> assertThat(a.routingTable().contains(s.to())).isTrue());
    }

    @Test
    void peersThatDoNotServeTheDhtOrFailTheCheckStayOut() {
        net.autoIdentify = false;
        KadEngine a = engine();
        engine();
        engine();
        engine();
        net.silent.add(ids.get(2));
        net.unreachable.add(ids.get(3));
        a.onPeerIdentified(info(1), false);
        assertThat(net.sent).as("no check for a non-server").isEmpty();
        a.onPeerIdentified(info(2), true);
        a.onPeerIdentified(info(3), true);
        a.onPeerIdentified(info(0), true); // itself
        assertThat(net.runUntilIdle(100)).isTrue();
        assertThat(a.routingTableSize()).isZero();
        assertThat(net.sent).extracting(InMemoryKadNetwork.Sent::to).containsExactly(ids.get(2), ids.get(3));
    }

    @Test
    void aClientModePeerIsNotAdmitted() {
        net.autoIdentify = false;
        KadEngine a = engine();
        KadEngine client = engine();
        client.setServerMode(false);
        a.onPeerIdentified(info(1), client.isServerMode());
        // even if it claimed to serve, its refusal to answer keeps it out
        a.onPeerIdentified(info(1), true);
        assertThat(net.runUntilIdle(100)).isTrue();
        assertThat(a.routingTable().contains(client.self())).isFalse();
    }

    @Test
    void aPublicOnlyNodeAdmitsFollowsAndNamesOnlyPublicAddresses() throws Exception {
        net.autoIdentify = false;
        KadEngine a = engine(config(Duration.ofSeconds(1)).withPublicAddressesOnly(true));
        KadEngine lan = engine(); // its only address is a 10.x one
        PeerId wanId = TestPeers.randomPeer(random);
        Multiaddr publicAddr = Multiaddr.parse("/ip4/8.8.4.4/tcp/4001");
        KadEngine wan = new KadEngine(wanId, config(Duration.ofSeconds(1)), net.viewOf(wanId), net.clock,
                new InMemoryRecordStore(), new InMemoryProviderStore(), TestRecords.validator(),
                new Random(1));
        PeerInfo wanInfo = new PeerInfo(wanId, List.of(publicAddr, Multiaddr.parse("/ip4/192.168.1.9/tcp/4001")));
        net.add(wan, wanInfo);
        ids.add(wanId);

        a.onPeerIdentified(info(1), true);
        a.onPeerIdentified(wanInfo, true);
        assertThat(net.runUntilIdle(100)).isTrue();
        assertThat(a.routingTable().contains(lan.self())).as("a peer with only a private address").isFalse();
        assertThat(a.routingTable().contains(wanId)).isTrue();
        assertThat(net.sent).extracting(InMemoryKadNetwork.Sent::to).doesNotContain(lan.self());

        // answers hand out the public address only
        KadMessage answer = a.handle(info(1), KadMessage.findNode(bytes("anything"))).orElseThrow();
        assertThat(answer.closerPeers()).singleElement().satisfies(p -> {
            assertThat(p.id()).isEqualTo(wanId);
            assertThat(p.addresses()).containsExactly(publicAddr);
        });
    }

    // ---------------------------------------------------------------- handle()

    private KadEngine withTable(int n) {
        net.autoIdentify = false;
        KadEngine a = engine();
        for (int i = 1; i <= n; i++) {
            engine();
            a.onPeerIdentified(info(i), true);
        }
        assertThat(net.runUntilIdle(10_000)).isTrue();
        assertThat(a.routingTableSize()).isBetween(Math.min(n, K), n);
        return a;
    }

    private static List<PeerId> tablePeers(KadEngine a) {
        return a.routingTable().peers().stream().map(PeerInfo::id).toList();
    }

    @Test
    void findNodeForTheAnswerersOwnIdPutsItselfFirst() throws Exception {
        KadEngine a = withTable(8);
        KadMessage answer = a.handle(info(1), KadMessage.findNode(a.self().toBytes())).orElseThrow();
        assertThat(answer.type()).isEqualTo(KadMessage.MessageType.FIND_NODE);
        assertThat(answer.closerPeers().getFirst()).isEqualTo(info(0));
        assertThat(answer.closerPeers()).extracting(PeerInfo::id).doesNotContain(ids.get(1));
        assertThat(answer.closerPeers()).hasSize(K + 1);
    }

    @Test
    void findNodeAnswersTheKClosestExceptTheAsker() throws Exception {
        KadEngine a = withTable(12);
        assertThat(a.routingTableSize()).isGreaterThan(K);
        for (int asker = 1; asker <= 12; asker++) {
            PeerId target = ids.get(asker);
            KadMessage answer = a.handle(info(asker), KadMessage.findNode(target.toBytes())).orElseThrow();
            List<PeerId> others = tablePeers(a).stream().filter(p -> !p.equals(target)).toList();
            assertThat(answer.closerPeers()).extracting(PeerInfo::id)
                    .containsExactlyElementsOf(TestPeers.trueClosest(others, Key.of(target), K));
            assertThat(answer.closerPeers()).allSatisfy(p -> assertThat(p.addresses()).isNotEmpty());
        }
        // a key that is not a peer id
        byte[] key = bytes("not a peer id");
        KadMessage answer = a.handle(info(1), KadMessage.findNode(key)).orElseThrow();
        List<PeerId> others = tablePeers(a).stream().filter(p -> !p.equals(ids.get(1))).toList();
        assertThat(answer.closerPeers()).extracting(PeerInfo::id)
                .containsExactlyElementsOf(TestPeers.trueClosest(others, Key.of(key), K));
    }

    @Test
    void findNodeNeverTellsAPeerAboutItself() throws Exception {
        // every node looks itself up when it bootstraps: the answer must not name the asker (go:
        // "Never tell a peer about itself"), even when the asker is in the table and connected
        KadEngine a = withTable(6);
        PeerId asker = tablePeers(a).getFirst();
        PeerInfo askerInfo = net.infos.get(asker);
        net.connections.add(Set.of(a.self(), asker));
        net.addressBooks.get(a.self()).put(asker, askerInfo.addresses());
        KadMessage answer = a.handle(askerInfo, KadMessage.findNode(asker.toBytes())).orElseThrow();
        assertThat(answer.closerPeers()).extracting(PeerInfo::id).doesNotContain(asker);
        assertThat(answer.closerPeers()).hasSizeLessThanOrEqualTo(K);
    }

    @Test
    void findNodeForAKnownPeerPutsItFirst() throws Exception {
        KadEngine a = withTable(12);
        // the target is in the table, asked by someone else: it comes first even if not among the k closest of others
        PeerId member = tablePeers(a).stream().filter(p -> !p.equals(ids.get(2))).toList().getLast();
        KadMessage answer = a.handle(info(2), KadMessage.findNode(member.toBytes())).orElseThrow();
        assertThat(answer.closerPeers().getFirst().id()).isEqualTo(member);
        assertThat(answer.closerPeers()).extracting(PeerInfo::id).doesNotHaveDuplicates();
    }

    @Test
    void pingIsAnswered() throws Exception {
        KadEngine a = withTable(1);
        assertThat(a.handle(info(1), KadMessage.ping()).orElseThrow().type()).isEqualTo(KadMessage.MessageType.PING);
    }

    @Test
    void getValueReturnsTheStoredRecordAndCloserPeers() throws Exception {
        KadEngine a = withTable(8);
        byte[] key = bytes("/v/hello");
        assertThat(a.handle(info(1), KadMessage.putValue(key, bytes("world")))).isPresent();
        KadMessage answer = a.handle(info(2), KadMessage.getValue(key)).orElseThrow();
        assertThat(answer.record().orElseThrow().value()).isEqualTo(bytes("world"));
        assertThat(answer.record().orElseThrow().key()).isEqualTo(key);
        assertThat(answer.closerPeers()).hasSize(K).extracting(PeerInfo::id).doesNotContain(ids.get(2));

        KadMessage none = a.handle(info(2), KadMessage.getValue(bytes("/v/other"))).orElseThrow();
        assertThat(none.record()).isEmpty();
        assertThat(none.closerPeers()).hasSize(K);
    }

    @Test
    void putValueEchoesTheRequestAndRejectsMismatchedKeys() throws Exception {
        KadEngine a = withTable(1);
        KadMessage put = KadMessage.putValue(bytes("/v/a"), bytes("1"));
        KadMessage echo = a.handle(info(1), put).orElseThrow();
        assertThat(echo.record().orElseThrow().value()).isEqualTo(bytes("1"));
        KadMessage mismatched = new KadMessage(KadMessage.MessageType.PUT_VALUE, bytes("/v/a"),
                Optional.of(new KadMessage.DhtRecord(bytes("/v/b"), bytes("2"), "")), List.of(), List.of());
        assertThatThrownBy(() -> a.handle(info(1), mismatched)).isInstanceOf(InvalidRecordException.class);
        KadMessage noRecord = new KadMessage(KadMessage.MessageType.PUT_VALUE, bytes("/v/c"), Optional.empty(),
                List.of(), List.of());
        assertThatThrownBy(() -> a.handle(info(1), noRecord)).isInstanceOf(InvalidRecordException.class);
        assertThat(a.records().get(bytes("/v/a"), T0).orElseThrow().value()).isEqualTo(bytes("1"));
        assertThat(a.records().get(bytes("/v/b"), T0)).isEmpty();
        assertThat(a.records().get(bytes("/v/c"), T0)).isEmpty();
    }

    @Test
    void putValueWithAnInvalidPublicKeyRecordThrowsAndStoresNothing() throws Exception {
        KadEngine a = withTable(1);
        Ed25519PrivateKey owner = Ed25519PrivateKey.fromSeed(new byte[32]);
        Ed25519PrivateKey other = Ed25519PrivateKey.fromSeed(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14,
            15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32});
        byte[] key = PublicKeyValidator.routingKey(PeerId.fromPublicKey(owner.publicKey()));
        assertThatThrownBy(() -> a.handle(info(1), KadMessage.putValue(key, other.publicKey().marshal())))
                .isInstanceOf(InvalidRecordException.class);
        assertThatThrownBy(() -> a.handle(info(1), KadMessage.putValue(key, bytes("garbage"))))
                .isInstanceOf(InvalidRecordException.class);
        assertThat(a.records().get(key, T0)).isEmpty();
        assertThat(a.records().size()).isZero();
        // the right key is stored
        a.handle(info(1), KadMessage.putValue(key, owner.publicKey().marshal()));
        assertThat(a.records().get(key, T0).orElseThrow().value()).isEqualTo(owner.publicKey().marshal());
    }

    private static IpnsRecord ipns(Ed25519PrivateKey key, long sequence) {
        return IpnsRecord.create(key, bytes("/ipfs/bafkqaaa"), sequence, T0.plus(Duration.ofDays(7)),
                Duration.ofMinutes(5), false);
    }

    @Test
    void putValueWithAWorseIpnsRecordDoesNotOverwrite() throws Exception {
        KadEngine a = withTable(1);
        Ed25519PrivateKey name = Ed25519PrivateKey.fromSeed(new byte[32]);
        byte[] key = IpnsRecord.routingKey(PeerId.fromPublicKey(name.publicKey()));
        byte[] seq5 = ipns(name, 5).toBytes();
        byte[] seq3 = ipns(name, 3).toBytes();
        byte[] seq9 = ipns(name, 9).toBytes();
        a.handle(info(1), KadMessage.putValue(key, seq5));
        assertThatThrownBy(() -> a.handle(info(1), KadMessage.putValue(key, seq3)))
                .isInstanceOf(InvalidRecordException.class);
        assertThat(a.records().get(key, T0).orElseThrow().value()).isEqualTo(seq5);
        // the same record again is fine, a better one replaces it
        a.handle(info(1), KadMessage.putValue(key, seq5));
        a.handle(info(1), KadMessage.putValue(key, seq9));
        assertThat(a.records().get(key, T0).orElseThrow().value()).isEqualTo(seq9);
    }

    @Test
    void addProviderIsNotAnsweredAndOnlyTheSenderMayAnnounceItself() throws Exception {
        KadEngine a = withTable(3);
        byte[] mh = Multihash.sha2_256(bytes("content")).toBytes();
        PeerInfo impostor = new PeerInfo(ids.get(2), List.of(Multiaddr.parse("/ip4/6.6.6.6/tcp/1")));
        assertThat(a.handle(info(1), KadMessage.addProvider(mh, impostor))).isEmpty();
        assertThat(a.providers().providers(mh, T0)).isEmpty();

        assertThat(a.handle(info(1), KadMessage.addProvider(mh, info(1)))).isEmpty();
        assertThat(a.providers().providers(mh, T0)).extracting(ProviderRecord::provider).containsExactly(ids.get(1));

        // an announcement without addresses takes the sender's
        assertThat(a.handle(info(3), KadMessage.addProvider(mh, PeerInfo.of(ids.get(3))))).isEmpty();
        assertThat(a.providers().providers(mh, T0)).filteredOn(r -> r.provider().equals(ids.get(3)))
                .singleElement().satisfies(r -> assertThat(r.addresses()).isEqualTo(info(3).addresses()));

        // addresses ending in the provider's own /p2p/ id (as js sends them) are stored without it
        Multiaddr plain = info(2).addresses().getFirst();
        Multiaddr withId = plain.encapsulate(Multiaddr.parse("/p2p/" + ids.get(2)));
        Multiaddr viaOther = plain.encapsulate(Multiaddr.parse("/p2p/" + ids.get(1)));
        a.handle(info(2), KadMessage.addProvider(mh, new PeerInfo(ids.get(2), List.of(withId, viaOther))));
        assertThat(a.providers().providers(mh, T0)).filteredOn(r -> r.provider().equals(ids.get(2)))
                .singleElement().satisfies(r -> assertThat(r.addresses()).containsExactly(plain, viaOther));
    }

    @Test
    void getProvidersReturnsStoredProvidersAndCloserPeers() throws Exception {
        KadEngine a = withTable(8);
        byte[] mh = Multihash.sha2_256(bytes("content")).toBytes();
        a.handle(info(1), KadMessage.addProvider(mh, info(1)));
        a.handle(info(2), KadMessage.addProvider(mh, info(2)));
        KadMessage answer = a.handle(info(3), KadMessage.getProviders(mh)).orElseThrow();
        assertThat(answer.providerPeers()).containsExactlyInAnyOrder(info(1), info(2));
        assertThat(answer.closerPeers()).hasSize(K).extracting(PeerInfo::id).doesNotContain(ids.get(3));
        assertThat(a.handle(info(3), KadMessage.getProviders(bytes("nothing"))).orElseThrow().providerPeers()).isEmpty();
    }

    @Test
    void anExpiredIpnsRecordIsNeitherServedNorKept() throws Exception {
        KadEngine a = withTable(1);
        Ed25519PrivateKey name = Ed25519PrivateKey.fromSeed(new byte[32]);
        byte[] key = IpnsRecord.routingKey(PeerId.fromPublicKey(name.publicKey()));
        byte[] shortLived = IpnsRecord.create(name, bytes("/ipfs/bafkqaaa"), 1, T0.plus(Duration.ofHours(1)),
                Duration.ofMinutes(5), false).toBytes();
        a.handle(info(1), KadMessage.putValue(key, shortLived));
        assertThat(a.handle(info(1), KadMessage.getValue(key)).orElseThrow().record()).isPresent();
        net.clock.schedule(Duration.ofHours(2), () -> {});
        assertThat(net.runUntilIdle(10)).isTrue();
        assertThat(a.handle(info(1), KadMessage.getValue(key)).orElseThrow().record()).isEmpty();
        assertThat(a.records().get(key, net.clock.now())).isEmpty();
    }

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

    private void runFor(Duration d) {
        Instant end = net.clock.now().plus(d);
        net.clock.schedule(d, () -> {});
        for (int i = 0; i < 1_000_000 && net.clock.now().isBefore(end); i++) {
            assertThat(net.clock.runNext()).isTrue();
        }
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

    // ---------------------------------------------------------------- timeouts

    @Test
    void whenNobodyAnswersGetValueTimesOutAtTheDeadline() {
        // requests would time out after 10 s, the operation after 3 s
        network(30, config(Duration.ofSeconds(10)));
        for (int i = 1; i < 30; i++) {
            net.silent.add(ids.get(i));
        }
        Instant start = net.clock.now();
        CompletableFuture<byte[]> get = e(0).getValue(bytes("/v/missing"), Duration.ofSeconds(3), listener);
        assertThatThrownBy(() -> net.await(get)).isInstanceOf(DhtException.Timeout.class)
                .hasMessageContaining("deadline");
        assertThat(net.clock.now()).isEqualTo(start.plusSeconds(3));
    }

    @Test
    void whenRequestsTimeOutBeforeTheDeadlineTheLookupEndsNotFound() {
        network(30);
        for (int i = 1; i < 30; i++) {
            net.silent.add(ids.get(i));
        }
        Instant start = net.clock.now();
        assertThatThrownBy(() -> net.await(e(0).getValue(bytes("/v/missing"), Duration.ofSeconds(30), listener)))
                .isInstanceOf(DhtException.NotFound.class);
        assertThat(net.clock.now()).isBefore(start.plusSeconds(30));
        // each silent peer asked shows up as a query error, not just as a missing answer
        List<PeerId> asked = events.stream().filter(QueryEvent.SendingQuery.class::isInstance)
                .map(ev -> ((QueryEvent.SendingQuery) ev).peer()).toList();
        assertThat(asked).isNotEmpty();
        assertThat(events.stream().filter(QueryEvent.QueryError.class::isInstance)
                .map(ev -> ((QueryEvent.QueryError) ev).peer()))
                .containsExactlyInAnyOrderElementsOf(asked);
    }

    @Test
    void aValueThatExistsIsNotFoundWhenAbsentEverywhere() {
        network(30);
        assertThatThrownBy(() -> net.await(e(0).getValue(bytes("/v/absent"), TIMEOUT, QueryListener.NONE)))
                .isInstanceOf(DhtException.NotFound.class).hasMessageContaining("completed");
    }

    @Test
    void requestsCutOffByAnEarlyStopAreNotReportedAsFailures() {
        network(30);
        byte[] mh = Multihash.sha2_256(bytes("everywhere")).toBytes();
        for (int i = 1; i < 30; i++) {
            e(i).providers().add(mh, new ProviderRecord(ids.get(i), info(i).addresses(), net.clock.now()));
        }
        for (int i = 1; i < 30; i += 2) {
            net.silent.add(ids.get(i)); // these never answer: their requests are in flight at the stop
        }
        List<PeerInfo> found = net.await(e(0).findProviders(mh, 1, TIMEOUT, listener));
        assertThat(found).hasSize(1);
        assertThat(events).filteredOn(QueryEvent.SendingQuery.class::isInstance)
                .anyMatch(ev -> net.silent.contains(((QueryEvent.SendingQuery) ev).peer()));
        assertThat(events).noneMatch(QueryEvent.QueryError.class::isInstance);
        for (int i = 1; i < 30; i += 2) {
            if (e(0).routingTable().contains(ids.get(i))) {
                continue;
            }
            assertThat(net.sentOfType(KadMessage.MessageType.GET_PROVIDERS)).extracting(InMemoryKadNetwork.Sent::to)
                    .as("a silent peer cut off by the stop stays in the table").doesNotContain(ids.get(i));
        }
    }

    @Test
    void findProvidersReturnsWhatItFoundWhenTheDeadlinePasses() {
        network(30, config(Duration.ofSeconds(2)));
        byte[] mh = Multihash.sha2_256(bytes("partial")).toBytes();
        // every engine holds a provider record for the content, then half go silent
        for (int i = 1; i < 30; i++) {
            e(i).providers().add(mh, new ProviderRecord(ids.get(i), info(i).addresses(), net.clock.now()));
        }
        for (int i = 1; i < 30; i += 2) {
            net.silent.add(ids.get(i));
        }
        Instant start = net.clock.now();
        List<PeerInfo> found = net.await(e(0).findProviders(mh, 1000, Duration.ofSeconds(5), QueryListener.NONE));
        assertThat(found).isNotEmpty().allSatisfy(p -> assertThat(ids.indexOf(p.id()) % 2).isZero());
        assertThat(net.clock.now()).isBeforeOrEqualTo(start.plusSeconds(5));
    }

    @Test
    void closestPeersWithSilentPeersStillFinishesByTheDeadline() {
        network(30, config(Duration.ofSeconds(2)));
        for (int i = 10; i < 30; i++) {
            net.silent.add(ids.get(i));
        }
        Instant start = net.clock.now();
        CompletableFuture<KadEngine.ClosestPeers> f = e(0).closestPeers(bytes("k"), Duration.ofSeconds(4), QueryListener.NONE);
        try {
            KadEngine.ClosestPeers r = net.await(f);
            assertThat(r.peers()).isNotEmpty().allSatisfy(p -> assertThat(ids.indexOf(p.id())).isLessThan(10));
            assertThat(r.summary().outcome()).isIn(io.jdht.kad.lookup.Lookup.Outcome.DEADLINE,
                    io.jdht.kad.lookup.Lookup.Outcome.COMPLETED);
        } catch (DhtException.Timeout expected) {
            // documented: no answered peer at all by the deadline
        }
        assertThat(net.clock.now()).isBeforeOrEqualTo(start.plusSeconds(4));
    }
}
