package io.jdht.kad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdht.crypto.Ed25519PrivateKey;
import io.jdht.crypto.PeerId;
import io.jdht.kad.record.InMemoryProviderStore;
import io.jdht.kad.record.InMemoryRecordStore;
import io.jdht.kad.record.InvalidRecordException;
import io.jdht.kad.record.IpnsRecord;
import io.jdht.kad.record.ProviderRecord;
import io.jdht.kad.record.PublicKeyValidator;
import io.jdht.kad.wire.KadMessage;
import io.jdht.multiformats.Multiaddr;
import io.jdht.multiformats.Multihash;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The engine facing peers that come to it: which peers it admits to its routing table (the FIND_NODE check,
 * full buckets, non-servers, public-only mode) and how {@code handle()} answers each request type
 * (FIND_NODE, PING, GET_VALUE, PUT_VALUE, ADD_PROVIDER, GET_PROVIDERS) and validates what it is asked to store.
 */
class KadEngineServingTest extends KadEngineFixture {

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
    void addProviderForAnEmptyOrOverlongKeyIsIgnored() throws Exception {
        KadEngine a = withTable(3);
        a.handle(info(1), KadMessage.addProvider(new byte[0], info(1)));
        a.handle(info(1), KadMessage.addProvider(new byte[81], info(1)));
        assertThat(a.providers().keyCount()).isZero();
        a.handle(info(1), KadMessage.addProvider(new byte[80], info(1)));
        assertThat(a.providers().keyCount()).isEqualTo(1);
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
}
