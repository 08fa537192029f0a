package io.jdht.kad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdht.crypto.PeerId;
import io.jdht.kad.lookup.LookupConfig;
import io.jdht.kad.record.InMemoryProviderStore;
import io.jdht.kad.record.InMemoryRecordStore;
import io.jdht.kad.record.InvalidRecordException;
import io.jdht.kad.record.NamespacedValidator;
import io.jdht.kad.record.ProviderRecord;
import io.jdht.kad.record.ProviderStore;
import io.jdht.kad.record.RecordValidator;
import io.jdht.kad.record.StoreLimits;
import io.jdht.kad.wire.KadMessage;
import io.jdht.multiformats.Multihash;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** What one hostile peer can do to an engine's stores, and what the engine's own writes report. */
class KadEngineStoresTest {
    private static final int K = 5;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final KadConfig CONFIG = KadConfig.DEFAULT
            .withLookup(new LookupConfig(K, 3, 3, Duration.ofSeconds(1), 1)).withQueryTimeout(TIMEOUT);

    private final Random random = new Random(77);
    private final InMemoryKadNetwork net = new InMemoryKadNetwork();
    private final List<PeerId> ids = new ArrayList<>();
    private final List<QueryEvent> events = new ArrayList<>();

    private KadEngine engine(ProviderStore providers, RecordValidator validator) {
        PeerId id = TestPeers.randomPeer(random);
        KadEngine e = new KadEngine(id, CONFIG, net.viewOf(id), net.clock, new InMemoryRecordStore(), providers,
                validator, new Random(random.nextLong()));
        net.add(e, TestPeers.info(id, ids.size() + 1));
        ids.add(id);
        return e;
    }

    private KadEngine engine() {
        return engine(new InMemoryProviderStore(), TestRecords.validator());
    }

    private KadEngine e(int i) {
        return net.engines.get(ids.get(i));
    }

    private PeerInfo info(int i) {
        return net.infos.get(ids.get(i));
    }

    /** Wires engines already made: each meets 3 random others, then all bootstrap twice. */
    private void wire() {
        int n = ids.size();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 3; j++) {
                e(i).onPeerIdentified(info((i + 1 + random.nextInt(n - 1)) % n), true);
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

    private static byte[] multihash(long n) {
        return Multihash.sha2_256(ByteBuffer.allocate(8).putLong(n).array()).toBytes();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aFloodOfAddProviderFromOneIdentityLeavesRoomForEveryoneElse() throws Exception {
        KadEngine target = engine();
        KadEngine seeker = engine();
        PeerInfo flooder = TestPeers.info(TestPeers.randomPeer(random), 900);
        for (int i = 0; i < 101_000; i++) { // more keys than the store holds in all
            target.handle(flooder, KadMessage.addProvider(multihash(i), flooder));
        }
        assertThat(target.providers().keyCount()).isEqualTo(StoreLimits.PROVIDERS.maxEntriesPerPeer());

        PeerInfo legit = TestPeers.info(TestPeers.randomPeer(random), 901);
        byte[] content = multihash(-1);
        target.handle(legit, KadMessage.addProvider(content, legit));
        KadMessage answer = target.handle(info(1), KadMessage.getProviders(content)).orElseThrow();
        assertThat(answer.providerPeers()).extracting(PeerInfo::id).containsExactly(legit.id());

        // and another node finds it there through the network
        seeker.onPeerIdentified(info(0), true);
        assertThat(net.runUntilIdle(1_000)).isTrue();
        List<PeerInfo> found = net.await(seeker.findProviders(content, 5, TIMEOUT, QueryListener.NONE));
        assertThat(found).extracting(PeerInfo::id).containsExactly(legit.id());
    }

    @Test
    void aFloodOfPutValueFromOneIdentityChurnsItsOwnQuota() throws Exception {
        KadEngine target = engine();
        PeerInfo flooder = TestPeers.info(TestPeers.randomPeer(random), 900);
        for (int i = 0; i < 1_500; i++) {
            target.handle(flooder, KadMessage.putValue(bytes("/v/flood-" + i), new byte[100]));
        }
        assertThat(target.records().size()).isEqualTo(StoreLimits.RECORDS.maxEntriesPerPeer());
        PeerInfo legit = TestPeers.info(TestPeers.randomPeer(random), 901);
        target.handle(legit, KadMessage.putValue(bytes("/v/mine"), bytes("kept")));
        assertThat(target.records().get(bytes("/v/mine"), net.clock.now())).isPresent();
    }

    @Test
    void putValueUnderNoRegisteredNamespaceOrTheEmptyKeyIsRefusedSayingWhichAndWhy() {
        KadEngine a = engine(new InMemoryProviderStore(), NamespacedValidator.builder().build());
        PeerInfo peer = TestPeers.info(TestPeers.randomPeer(random), 900);
        assertThatThrownBy(() -> a.handle(peer, KadMessage.putValue(bytes("/v/x"), bytes("1"))))
                .isInstanceOf(InvalidRecordException.class);
        assertThatThrownBy(() -> a.handle(peer, KadMessage.putValue(bytes("plain"), new byte[100 * 1024])))
                .isInstanceOf(InvalidRecordException.class);
        assertThat(a.records().size()).isZero();

        assertThatThrownBy(() -> net.await(a.putValue(bytes("/v/x"), bytes("1"), TIMEOUT, QueryListener.NONE)))
                .isInstanceOf(DhtException.InvalidRecord.class)
                .hasMessage("put \"/v/x\": refused: namespace 'v' is not registered; namespaced records are accepted"
                        + " only under [/ipns/, /pk/]");
        assertThatThrownBy(() -> net.await(a.putValue(new byte[0], bytes("1"), TIMEOUT, QueryListener.NONE)))
                .isInstanceOf(DhtException.InvalidRecord.class)
                .hasMessage("put \"\": refused: the key is empty");
        // even a node whose validator takes anything refuses the empty key
        KadEngine lax = engine(new InMemoryProviderStore(), new RecordValidator() {
            @Override
            public void validate(byte[] key, byte[] value, java.time.Instant now) {}

            @Override
            public int select(byte[] key, List<byte[]> values) {
                return 0;
            }
        });
        assertThatThrownBy(() -> lax.handle(peer, KadMessage.putValue(new byte[0], bytes("1"))))
                .isInstanceOf(InvalidRecordException.class).hasMessage("the key is empty");
        assertThat(lax.records().size()).isZero();
    }

    /** A provider store that already holds one key of someone else's, and takes no other. */
    private static InMemoryProviderStore full() {
        InMemoryProviderStore store = new InMemoryProviderStore(Duration.ofHours(48), Duration.ofHours(24), 20,
                new StoreLimits(1, 1 << 20, 1, 1 << 20));
        PeerId someone = new PeerId(Multihash.sha2_256(bytes("someone")));
        store.add(multihash(-99), new ProviderRecord(someone, List.of(TestPeers.privateAddress(999)),
                InMemoryKadNetwork.T0));
        return store;
    }

    @Test
    void provideCountsOnlyThePeersThatKeptTheAnnouncement() {
        engine(); // the provider, with room
        for (int i = 1; i < 10; i++) {
            if (i % 2 == 0) {
                engine(full(), TestRecords.validator());
            } else {
                engine();
            }
        }
        wire();
        byte[] content = multihash(7);
        int count = net.await(e(0).provide(content, TIMEOUT, events::add));
        List<PeerId> holders = new ArrayList<>();
        for (int i = 1; i < ids.size(); i++) {
            if (!e(i).providers().providers(content, net.clock.now()).isEmpty()) {
                holders.add(ids.get(i));
            }
        }
        assertThat(count).isEqualTo(holders.size()).isBetween(1, K - 1); // some kept it, some could not
        List<PeerId> addedTo = events.stream().filter(QueryEvent.AddingPeer.class::isInstance)
                .map(ev -> ((QueryEvent.AddingPeer) ev).peer().id()).toList();
        List<PeerId> refused = events.stream().filter(QueryEvent.QueryError.class::isInstance)
                .map(ev -> (QueryEvent.QueryError) ev).filter(ev -> ev.message().contains("did not keep"))
                .map(QueryEvent.QueryError::peer).toList();
        assertThat(addedTo).hasSize(K);
        assertThat(refused).hasSize(K - count).doesNotContainAnyElementsOf(holders);
        assertThat(refused).allSatisfy(p -> assertThat(ids.indexOf(p) % 2).isZero());
    }

    @Test
    void provideToPeersThatAllRefuseReportsNone() {
        engine();
        for (int i = 1; i < 8; i++) {
            engine(full(), TestRecords.validator());
        }
        wire();
        int count = net.await(e(0).provide(multihash(8), TIMEOUT, events::add));
        assertThat(count).isZero();
        assertThat(events).filteredOn(QueryEvent.QueryError.class::isInstance).hasSize(K)
                .allSatisfy(ev -> assertThat(((QueryEvent.QueryError) ev).message())
                        .startsWith("the peer does not list this node as a provider"));
        // every peer was asked twice: right after the announcement, and once more a little later
        assertThat(net.sentOfType(KadMessage.MessageType.GET_PROVIDERS)).filteredOn(s -> s.from().equals(ids.get(0)))
                .hasSize(2 * K);
    }
}
