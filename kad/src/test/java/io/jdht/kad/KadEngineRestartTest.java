package io.jdht.kad;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdht.crypto.PeerId;
import io.jdht.kad.lookup.LookupConfig;
import io.jdht.kad.record.InMemoryProviderStore;
import io.jdht.kad.record.InMemoryRecordStore;
import io.jdht.kad.record.StoredRecord;
import io.jdht.kad.wire.KadMessage;
import io.jdht.multiformats.Multihash;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** What an engine offers a node that restarts: the renewal log, restored renewals and peers, the sliced sweep. */
class KadEngineRestartTest {
    private static final int K = 20;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final KadConfig CONFIG =
            KadConfig.DEFAULT.withLookup(new LookupConfig(K, 3, 3, Duration.ofSeconds(1), 1)).withQueryTimeout(TIMEOUT);

    private final Random random = new Random(77);
    private final InMemoryKadNetwork net = new InMemoryKadNetwork();
    private final List<PeerId> ids = new ArrayList<>();

    private KadEngine engine() {
        PeerId id = TestPeers.randomPeer(random);
        KadEngine e = new KadEngine(id, CONFIG, net.viewOf(id), net.clock, new InMemoryRecordStore(),
                new InMemoryProviderStore(), TestRecords.validator(), new Random(random.nextLong()));
        net.add(e, TestPeers.info(id, ids.size() + 1));
        ids.add(id);
        return e;
    }

    /** n engines that know each other (each starts with the whole list, as a restored table would). */
    private List<KadEngine> network(int n) {
        List<KadEngine> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(engine());
        }
        for (KadEngine e : out) {
            e.restorePeers(infos());
        }
        assertThat(net.runUntilIdle(1_000_000)).isTrue();
        return out;
    }

    private List<PeerInfo> infos() {
        return ids.stream().map(net.infos::get).toList();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private void runFor(Duration d) {
        Instant end = net.clock.now().plus(d);
        net.clock.schedule(d, () -> {});
        for (int i = 0; i < 1_000_000 && net.clock.now().isBefore(end); i++) {
            assertThat(net.clock.runNext()).isTrue();
        }
    }

    private long sentBy(KadEngine e, KadMessage.MessageType type, byte[] key) {
        return net.sentOfType(type).stream()
                .filter(s -> s.from().equals(e.self()) && Arrays.equals(s.message().key(), key)).count();
    }

    @Test
    void restoredPeersServeALookupAtOnceAndThoseThatFailTheirCheckLeave() {
        network(8);
        KadEngine back = engine();
        List<PeerInfo> saved = new ArrayList<>(infos().subList(0, 8));
        PeerId gone1 = TestPeers.randomPeer(random);
        PeerId gone2 = TestPeers.randomPeer(random);
        saved.add(TestPeers.info(gone1, 901));
        saved.add(TestPeers.info(gone2, 902));
        saved.add(net.infos.get(back.self())); // its own entry is skipped

        assertThat(back.restorePeers(saved)).isEqualTo(10);
        assertThat(back.routingTableSize()).isEqualTo(10);
        // a lookup runs before any check has come back
        KadEngine.ClosestPeers closest = net.await(back.closestPeers(bytes("anything"), TIMEOUT, QueryListener.NONE));
        assertThat(closest.peers()).isNotEmpty();

        assertThat(net.runUntilIdle(1_000_000)).isTrue();
        assertThat(back.routingTable().contains(gone1)).isFalse();
        assertThat(back.routingTable().contains(gone2)).isFalse();
        assertThat(back.routingTableSize()).isEqualTo(8);
        assertThat(back.routingTable().lastSeen(ids.get(0))).hasValueSatisfying(t -> assertThat(t).isAfter(Instant.EPOCH));
    }

    @Test
    void theRenewalLogHearsOfProvidesAndPuts() {
        List<KadEngine> all = network(6);
        List<String> heard = new ArrayList<>();
        KadEngine a = all.get(0);
        a.renewalLog(new RenewalLog() {
            @Override
            public void provided(byte[] multihash, Instant at) {
                heard.add("provided " + multihash.length + " at " + at);
            }

            @Override
            public void published(byte[] key, byte[] value, Instant at) {
                heard.add("published " + new String(key, StandardCharsets.UTF_8) + "=" + new String(value, StandardCharsets.UTF_8)
                        + " at " + at);
            }

            @Override
            public void unpublished(byte[] key) {
                heard.add("unpublished " + new String(key, StandardCharsets.UTF_8));
            }
        });
        Instant t = net.clock.now();
        net.await(a.provide(Multihash.sha2_256(bytes("c")).toBytes(), TIMEOUT, QueryListener.NONE));
        Instant t2 = net.clock.now();
        net.await(a.putValue(bytes("/x/k"), bytes("v"), TIMEOUT, QueryListener.NONE));
        assertThat(heard).containsExactly("provided 34 at " + t, "published /x/k=v at " + t2);
        assertThat(a.providedKeys()).singleElement().satisfies(p -> assertThat(p.at()).isEqualTo(t));
        assertThat(a.publishedRecords()).singleElement().satisfies(p -> assertThat(p.value()).isEqualTo(bytes("v")));
    }

    @Test
    void restoredRenewalsThatFellDueAreRenewedWhenMaintenanceStartsAndTheOthersWait() {
        List<KadEngine> all = network(8);
        KadEngine back = all.get(0);
        byte[] due = Multihash.sha2_256(bytes("due")).toBytes();
        byte[] notDue = Multihash.sha2_256(bytes("not due")).toBytes();
        byte[] dueKey = bytes("/x/due");
        byte[] notDueKey = bytes("/x/not-due");
        Instant now = net.clock.now();
        back.restoreRenewals(
                List.of(new RenewalLog.Provided(due, now.minus(Duration.ofHours(23))),
                        new RenewalLog.Provided(notDue, now.minus(Duration.ofHours(1)))),
                List.of(new RenewalLog.Published(dueKey, bytes("v1"), now.minus(Duration.ofHours(30))),
                        new RenewalLog.Published(notDueKey, bytes("v2"), now.minus(Duration.ofHours(2)))));

        back.startMaintenance();
        runFor(Duration.ofMinutes(1));
        back.stopMaintenance();

        assertThat(sentBy(back, KadMessage.MessageType.ADD_PROVIDER, due)).isPositive();
        assertThat(sentBy(back, KadMessage.MessageType.ADD_PROVIDER, notDue)).isZero();
        assertThat(sentBy(back, KadMessage.MessageType.PUT_VALUE, dueKey)).isPositive();
        assertThat(sentBy(back, KadMessage.MessageType.PUT_VALUE, notDueKey)).isZero();
        // a peer the announcement reached now holds it
        assertThat(all.stream().filter(e -> e != back)
                .anyMatch(e -> !e.providers().providers(due, net.clock.now()).isEmpty())).isTrue();
        assertThat(back.providedKeys()).filteredOn(p -> Arrays.equals(p.multihash(), due))
                .singleElement().satisfies(p -> assertThat(p.at()).isAfterOrEqualTo(now));
    }

    @Test
    void maintenanceSweepsExpiredRecordsInSlices() {
        KadEngine a = engine();
        int n = ExpirySweep.SLICE * 3 + 10;
        Instant old = net.clock.now().minus(Duration.ofHours(47));
        for (int i = 0; i < n; i++) {
            a.records().put(new StoredRecord(bytes("/x/" + i), bytes("v"), i % 2 == 0 ? old : net.clock.now()));
        }
        a.startMaintenance();
        runFor(Duration.ofMinutes(61)); // the hourly sweep ran, slice after slice
        a.stopMaintenance();
        assertThat(a.records().size()).isEqualTo(n / 2);
        assertThat(net.runUntilIdle(1_000)).as("no slice left scheduled once stopped").isTrue();
    }
}
