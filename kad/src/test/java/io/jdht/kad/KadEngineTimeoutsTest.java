package io.jdht.kad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdht.crypto.PeerId;
import io.jdht.kad.record.ProviderRecord;
import io.jdht.kad.wire.KadMessage;
import io.jdht.multiformats.Multihash;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * How an operation ends when answers are missing: silent peers, requests that time out, a value that is
 * nowhere, an early stop with requests in flight, and what is returned by the deadline. (How the engine
 * enforces the deadline and cancels its requests is in {@link KadEngineTimeTest}.)
 */
class KadEngineTimeoutsTest extends KadEngineFixture {

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
