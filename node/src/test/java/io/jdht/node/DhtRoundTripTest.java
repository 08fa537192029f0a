package io.jdht.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdht.crypto.Ed25519PrivateKey;
import io.jdht.crypto.PeerId;
import io.jdht.kad.LookupRounds;
import io.jdht.net.host.WireOptions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * DHT requests on nodes a simulated WAN apart ({@link WireOptions#oneWayDelay}): a request on an
 * open connection waits for one round trip, and a lookup for about one per round. Times are
 * turned into round-trip counts (rounded down), which the protocol fixes; the delay is large
 * enough that a loaded machine's own slowness stays under one round trip.
 */
@Timeout(120)
class DhtRoundTripTest {
    private static final SecureRandom KEYS = new SecureRandom();

    private static Node.Builder delayed(Duration oneWay) {
        return Node.builder().wire(WireOptions.DEFAULT.withOneWayDelay(oneWay));
    }

    private static PeerId randomPeer() {
        return PeerId.fromPublicKey(Ed25519PrivateKey.generate(KEYS).publicKey());
    }

    @Test
    void aFindNodeOnAnOpenConnectionTakesOneRoundTrip() {
        Duration oneWay = Duration.ofMillis(250);
        try (TestNodes nodes = new TestNodes()) {
            Node asker = nodes.start(delayed(oneWay));
            Node server = nodes.start(delayed(oneWay));
            TestNodes.connect(asker, server);
            // a first lookup loads what a lookup needs; the second is the one measured
            TestNodes.join(asker.dht().query(randomPeer()));
            LookupRounds rounds = new LookupRounds();
            long start = System.nanoTime();
            List<io.jdht.kad.PeerInfo> closest = TestNodes.join(asker.dht().query(randomPeer(), QueryOptions.DEFAULT, rounds));
            long elapsed = System.nanoTime() - start;
            assertThat(closest).extracting(io.jdht.kad.PeerInfo::id).containsExactly(server.peerId());
            assertThat(rounds.rounds()).isEqualTo(1);
            assertThat(rounds.dials()).isZero();
            assertThat(elapsed / (2 * oneWay.toNanos())).as("round trips in %d ms", elapsed / 1_000_000).isEqualTo(1);
        }
    }

    @Test
    void aLookupInAThirtyNodeNetworkTakesAboutItsRoundsInRoundTrips() {
        Duration oneWay = Duration.ofMillis(100);
        long rtt = 2 * oneWay.toNanos();
        try (TestNodes nodes = new TestNodes()) {
            List<Node> network = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                network.add(nodes.start(delayed(oneWay)));
            }
            // each node dials up to three earlier ones, all at once: a WAN makes one dial at a time slow
            Random random = new Random(3);
            List<CompletableFuture<?>> dials = new ArrayList<>();
            for (int i = 1; i < network.size(); i++) {
                for (int j = 0; j < Math.min(3, i); j++) {
                    dials.add(network.get(i).connect(network.get(random.nextInt(i)).addresses().getFirst()));
                }
            }
            TestNodes.join(CompletableFuture.allOf(dials.toArray(CompletableFuture[]::new)));
            Node asker = network.getFirst();
            PeerId target = randomPeer();
            // the first lookup for the target dials the peers on its way; the second finds them connected
            TestNodes.join(asker.dht().query(target));
            LookupRounds rounds = new LookupRounds();
            long start = System.nanoTime();
            TestNodes.join(asker.dht().query(target, QueryOptions.DEFAULT, rounds));
            long elapsed = System.nanoTime() - start;
            long roundTrips = elapsed / rtt;
            String described = String.format("%d ms = %.2f RTT for %d rounds, %d dials, %d answers",
                    elapsed / 1_000_000, (double) elapsed / rtt, rounds.rounds(), rounds.dials(), rounds.answers());
            assertThat(rounds.rounds()).as(described).isPositive();
            // each round waits one round trip; each dial on the way adds the TCP and Noise ones; one
            // round trip more for a loaded machine (a CI run beside a busy core took 3.28 RTT for 2
            // rounds), which still tells apart the two round trips per round of the wire before
            // optimistic protocol selection (2 rounds would take 4)
            long most = rounds.rounds() + 2L * rounds.dials() + (rounds.rounds() >= 2 ? 1 : 0);
            assertThat(roundTrips).as(described).isBetween((long) rounds.rounds(), most);
        }
    }
}
