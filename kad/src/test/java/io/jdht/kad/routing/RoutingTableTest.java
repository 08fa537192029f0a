package io.jdht.kad.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdht.crypto.PeerId;
import io.jdht.kad.Key;
import io.jdht.kad.PeerInfo;
import io.jdht.kad.TestPeers;
import io.jdht.multiformats.Multiaddr;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class RoutingTableTest {
    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    private final Random random = new Random(11);
    private final PeerId selfId = TestPeers.randomPeer(random);
    private final Key self = Key.of(selfId);

    /** {@code n} random peers whose key has exactly {@code cpl} leading bits in common with ours. */
    private List<PeerId> peersAtCpl(int cpl, int n) {
        List<PeerId> out = new ArrayList<>();
        for (int tries = 0; out.size() < n && tries < 100_000; tries++) {
            PeerId p = TestPeers.randomPeer(random);
            if (Key.of(p).commonPrefixLength(self) == cpl) {
                out.add(p);
            }
        }
        assertThat(out).hasSize(n);
        return out;
    }

    private static PeerInfo at(PeerId p, String addr) {
        return new PeerInfo(p, List.of(Multiaddr.parse(addr)));
    }

    @Test
    void neverHoldsItself() {
        RoutingTable table = new RoutingTable(self, 3);
        assertThat(table.offer(PeerInfo.of(selfId), Optional.empty(), T0)).isInstanceOf(RoutingTable.AddResult.Rejected.class);
        assertThat(table.contains(selfId)).isFalse();
        assertThat(table.size()).isZero();
        assertThat(table.closest(self, 10)).isEmpty();
        assertThatThrownBy(() -> new RoutingTable(self, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aBucketHoldsAtMostKAndNamesItsStalestMemberWhenFull() {
        RoutingTable table = new RoutingTable(self, 3);
        List<PeerId> ps = peersAtCpl(0, 6);
        for (int i = 0; i < 3; i++) {
            assertThat(table.offer(PeerInfo.of(ps.get(i)), Optional.empty(), T0.plusSeconds(10 + i)))
                    .isEqualTo(new RoutingTable.AddResult.Added(true));
        }
        // the first one is heard from again: the second becomes the stalest
        assertThat(table.offer(PeerInfo.of(ps.get(0)), Optional.empty(), T0.plusSeconds(20)))
                .isEqualTo(new RoutingTable.AddResult.Added(false));
        assertThat(table.offer(PeerInfo.of(ps.get(3)), Optional.empty(), T0.plusSeconds(21)))
                .isEqualTo(new RoutingTable.AddResult.Pending(ps.get(1)));
        assertThat(table.size()).isEqualTo(3);
        assertThat(table.contains(ps.get(3))).isFalse();
        assertThat(table.bucketSizes()).containsExactly(3);

        // the stalest answers the check: it stays, and the next stalest is named
        table.markAlive(ps.get(1), T0.plusSeconds(22));
        assertThat(table.offer(PeerInfo.of(ps.get(4)), Optional.empty(), T0.plusSeconds(23)))
                .isEqualTo(new RoutingTable.AddResult.Pending(ps.get(2)));
        assertThat(table.contains(ps.get(1))).isTrue();

        // the stalest fails the check: removing it promotes the most recent newcomer
        assertThat(table.remove(ps.get(2))).isTrue();
        assertThat(table.contains(ps.get(2))).isFalse();
        assertThat(table.contains(ps.get(4))).isTrue();
        assertThat(table.size()).isEqualTo(3);
        // and then the older newcomer
        assertThat(table.remove(ps.get(4))).isTrue();
        assertThat(table.contains(ps.get(3))).isTrue();
        // nobody left waiting
        assertThat(table.remove(ps.get(3))).isTrue();
        assertThat(table.size()).isEqualTo(2);
        assertThat(table.remove(ps.get(3))).isFalse();
    }

    @Test
    void fullBucketsDoNotAffectOtherBuckets() {
        RoutingTable table = new RoutingTable(self, 2);
        for (PeerId p : peersAtCpl(0, 4)) {
            table.offer(PeerInfo.of(p), Optional.empty(), T0);
        }
        for (PeerId p : peersAtCpl(2, 2)) {
            assertThat(table.offer(PeerInfo.of(p), Optional.empty(), T0)).isEqualTo(new RoutingTable.AddResult.Added(true));
        }
        assertThat(table.bucketSizes()).containsExactly(2, 0, 2);
        assertThat(table.size()).isEqualTo(4);
    }

    @Test
    void reofferingRefreshesAddressesButKeepsThemWhenNoneAreGiven() {
        RoutingTable table = new RoutingTable(self, 3);
        PeerId p = peersAtCpl(1, 1).getFirst();
        table.offer(at(p, "/ip4/10.0.0.1/tcp/1"), Optional.empty(), T0);
        table.offer(PeerInfo.of(p), Optional.empty(), T0);
        assertThat(table.find(p).orElseThrow().addresses()).containsExactly(Multiaddr.parse("/ip4/10.0.0.1/tcp/1"));
        table.offer(at(p, "/ip4/10.0.0.2/tcp/1"), Optional.empty(), T0);
        assertThat(table.find(p).orElseThrow().addresses()).containsExactly(Multiaddr.parse("/ip4/10.0.0.2/tcp/1"));
    }

    @Test
    void bucketsToRefreshAndMarkRefreshed() {
        RoutingTable table = new RoutingTable(self, 5);
        Duration interval = Duration.ofMinutes(10);
        // empty table: buckets 0 and 1 (0 up to deepest + 1, capped by max)
        assertThat(table.bucketsToRefresh(T0, interval, 16)).containsExactly(0, 1);
        for (PeerId p : peersAtCpl(3, 1)) {
            table.offer(PeerInfo.of(p), Optional.empty(), T0);
        }
        assertThat(table.bucketsToRefresh(T0, interval, 16)).containsExactly(0, 1, 2, 3, 4);
        assertThat(table.bucketsToRefresh(T0, interval, 3)).containsExactly(0, 1, 2);

        // a lookup for a key in bucket 2's range refreshes bucket 2
        Key inBucket2 = Key.of(peersAtCpl(2, 1).getFirst());
        table.markRefreshed(inBucket2, T0);
        assertThat(table.bucketsToRefresh(T0.plusSeconds(1), interval, 16)).containsExactly(0, 1, 3, 4);
        assertThat(table.bucketsToRefresh(T0.plus(interval).minusMillis(1), interval, 16)).doesNotContain(2);
        assertThat(table.bucketsToRefresh(T0.plus(interval), interval, 16)).contains(2);
        // our own key counts for the last bucket, not out of range
        table.markRefreshed(self, T0);
    }

    @Property(tries = 200)
    void invariantsUnderRandomOffersAndRemovals(@ForAll long seed, @ForAll @IntRange(min = 1, max = 6) int k,
            @ForAll @IntRange(min = 0, max = 150) int operations) {
        Random r = new Random(seed);
        Key me = Key.of(TestPeers.randomPeer(r));
        RoutingTable table = new RoutingTable(me, k);
        List<PeerId> pool = TestPeers.randomPeers(r, 40);
        Set<PeerId> offered = new HashSet<>();
        Instant now = T0;
        for (int i = 0; i < operations; i++) {
            now = now.plusSeconds(1);
            PeerId p = pool.get(r.nextInt(pool.size()));
            int cpl = Math.min(Key.of(p).commonPrefixLength(me), 255);
            switch (r.nextInt(4)) {
                case 0, 1 -> {
                    RoutingTable.AddResult result = table.offer(PeerInfo.of(p), Optional.empty(), now);
                    offered.add(p);
                    if (result instanceof RoutingTable.AddResult.Pending pending) {
                        // the named peer is a member of the same, full bucket
                        assertThat(table.contains(pending.check())).isTrue();
                        assertThat(Math.min(Key.of(pending.check()).commonPrefixLength(me), 255)).isEqualTo(cpl);
                        assertThat(table.bucketSizes()[cpl]).isEqualTo(k);
                        assertThat(table.contains(p)).isFalse();
                    } else {
                        assertThat(result).isInstanceOf(RoutingTable.AddResult.Added.class);
                        assertThat(table.contains(p)).isTrue();
                    }
                }
                case 2 -> {
                    boolean was = table.contains(p);
                    assertThat(table.remove(p)).isEqualTo(was);
                    assertThat(table.contains(p)).isFalse();
                }
                default -> table.markAlive(p, now);
            }
            int[] sizes = table.bucketSizes();
            assertThat(java.util.Arrays.stream(sizes).boxed().toList()).allSatisfy(s -> assertThat(s).isBetween(0, k));
            assertThat(java.util.Arrays.stream(sizes).sum()).isEqualTo(table.size());
            assertThat(table.peers()).hasSize(table.size());
        }
        assertThat(table.peers()).extracting(PeerInfo::id).allMatch(offered::contains);
    }

    @Property(tries = 200)
    void closestEqualsABruteForceSort(@ForAll long seed, @ForAll @IntRange(min = 0, max = 80) int n,
            @ForAll @IntRange(min = 0, max = 30) int count) {
        Random r = new Random(seed);
        Key me = Key.of(TestPeers.randomPeer(r));
        RoutingTable table = new RoutingTable(me, 20);
        for (PeerId p : TestPeers.randomPeers(r, n)) {
            table.offer(PeerInfo.of(p), Optional.empty(), T0);
        }
        byte[] t = new byte[32];
        r.nextBytes(t);
        // A random key, our own, or one sharing a random prefix with ours (closest reads buckets by prefix).
        Key target = switch (r.nextInt(3)) {
            case 0 -> Key.fromBits(t);
            case 1 -> me;
            default -> Key.fromBits(sharedPrefix(me.toBytes(), t, r.nextInt(12)));
        };
        List<PeerId> members = table.peers().stream().map(PeerInfo::id).toList();
        List<PeerId> expected = members.stream()
                .sorted(Comparator.comparing((PeerId p) -> Key.of(p).distance(target)))
                .limit(count)
                .toList();
        assertThat(table.closest(target, count)).extracting(PeerInfo::id).containsExactlyElementsOf(expected);
    }

    /** {@code bits} of {@code self}, then {@code random}. */
    private static byte[] sharedPrefix(byte[] self, byte[] random, int bits) {
        byte[] out = random.clone();
        for (int b = 0; b < bits; b++) {
            int mask = 0x80 >>> (b % 8);
            out[b / 8] = (byte) ((out[b / 8] & ~mask) | (self[b / 8] & mask));
        }
        return out;
    }

    // ---------------------------------------------------------------- diversity

    @Test
    void diversityFilterAllowsTwoPerBucketAndThreePerTableFromOnePublicGroup() {
        RoutingTable table = new RoutingTable(self, 20, DiversityFilter.ipfsDefaults());
        List<PeerId> bucket0 = peersAtCpl(0, 3);
        List<PeerId> bucket1 = peersAtCpl(1, 3);
        String[] sameSlash16 = {"/ip4/8.8.1.1/tcp/1", "/ip4/8.8.2.2/tcp/1", "/ip4/8.8.3.3/tcp/1",
            "/ip4/8.8.4.4/tcp/1", "/ip4/8.8.5.5/tcp/1", "/ip4/8.8.6.6/tcp/1"};
        List<RoutingTable.AddResult> results = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            PeerInfo p = at(bucket0.get(i), sameSlash16[i]);
            results.add(table.offer(p, IpGroups.of(p.addresses()), T0));
        }
        assertThat(results.subList(0, 2)).allMatch(a -> a instanceof RoutingTable.AddResult.Added);
        assertThat(results.get(2)).isInstanceOf(RoutingTable.AddResult.Rejected.class);
        assertThat(((RoutingTable.AddResult.Rejected) results.get(2)).reason()).contains("bucket 0");

        PeerInfo third = at(bucket1.get(0), sameSlash16[3]);
        assertThat(table.offer(third, IpGroups.of(third.addresses()), T0)).isInstanceOf(RoutingTable.AddResult.Added.class);
        PeerInfo fourth = at(bucket1.get(1), sameSlash16[4]);
        RoutingTable.AddResult r = table.offer(fourth, IpGroups.of(fourth.addresses()), T0);
        assertThat(r).isInstanceOf(RoutingTable.AddResult.Rejected.class);
        assertThat(((RoutingTable.AddResult.Rejected) r).reason()).contains("table");

        // another /16 is a different group
        PeerInfo other = at(bucket1.get(2), "/ip4/8.9.1.1/tcp/1");
        assertThat(table.offer(other, IpGroups.of(other.addresses()), T0)).isInstanceOf(RoutingTable.AddResult.Added.class);
        assertThat(table.size()).isEqualTo(4);

        // removing one frees a place for the group
        table.remove(bucket0.get(0));
        PeerInfo again = at(bucket0.get(2), sameSlash16[2]);
        assertThat(table.offer(again, IpGroups.of(again.addresses()), T0)).isInstanceOf(RoutingTable.AddResult.Added.class);
    }

    @Test
    void diversityFilterDoesNotLimitLoopbackOrPrivateAddresses() {
        RoutingTable table = new RoutingTable(self, 20, DiversityFilter.ipfsDefaults());
        List<PeerId> ps = peersAtCpl(0, 8);
        String[] local = {"/ip4/127.0.0.1/tcp/1", "/ip4/127.0.0.1/tcp/2", "/ip4/10.0.0.1/tcp/1", "/ip4/10.0.0.2/tcp/1",
            "/ip4/192.168.1.1/tcp/1", "/ip4/192.168.1.2/tcp/1", "/ip6/::1/tcp/1", "/ip6/fd00::1/tcp/1"};
        for (int i = 0; i < ps.size(); i++) {
            PeerInfo p = at(ps.get(i), local[i]);
            assertThat(table.offer(p, IpGroups.of(p.addresses()), T0))
                    .as(local[i]).isEqualTo(new RoutingTable.AddResult.Added(true));
        }
        assertThat(table.size()).isEqualTo(8);
    }

    @Test
    void noDiversityFilterAdmitsOneGroupWithoutLimit() {
        RoutingTable table = new RoutingTable(self, 20);
        for (PeerId p : peersAtCpl(0, 5)) {
            PeerInfo info = at(p, "/ip4/8.8.8.8/tcp/1");
            assertThat(table.offer(info, IpGroups.of(info.addresses()), T0)).isInstanceOf(RoutingTable.AddResult.Added.class);
        }
    }

    @Test
    void ipGroups() {
        assertThat(IpGroups.of(List.of(Multiaddr.parse("/ip4/8.8.4.4/tcp/1")))).contains("ip4:8.8/16");
        assertThat(IpGroups.of(List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/1"), Multiaddr.parse("/ip4/1.2.3.4/udp/1/quic-v1"))))
                .as("the first public address counts").contains("ip4:1.2/16");
        assertThat(IpGroups.of(List.of(Multiaddr.parse("/ip6/2001:db8:1234::1/tcp/1")))).contains("ip6:2001:0db8/32");
        assertThat(IpGroups.of(List.of(Multiaddr.parse("/ip4/10.1.2.3/tcp/1")))).isEmpty();
        assertThat(IpGroups.of(List.of(Multiaddr.parse("/ip4/172.16.0.1/tcp/1")))).isEmpty();
        assertThat(IpGroups.of(List.of(Multiaddr.parse("/ip4/169.254.0.1/tcp/1")))).isEmpty();
        assertThat(IpGroups.of(List.of(Multiaddr.parse("/ip4/0.0.0.0/tcp/1")))).isEmpty();
        assertThat(IpGroups.of(List.of(Multiaddr.parse("/ip6/fe80::1/tcp/1")))).isEmpty();
        assertThat(IpGroups.of(List.of(Multiaddr.parse("/ip6/fc00::1/tcp/1")))).isEmpty();
        assertThat(IpGroups.of(List.of(Multiaddr.parse("/dns4/example.com/tcp/1")))).isEmpty();
        assertThat(IpGroups.of(List.of())).isEmpty();
    }
}
