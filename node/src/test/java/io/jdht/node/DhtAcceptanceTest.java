package io.jdht.node;

import static io.jdht.node.TestNodes.connect;
import static io.jdht.node.TestNodes.join;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdht.crypto.PeerId;
import io.jdht.kad.DhtException;
import io.jdht.kad.PeerInfo;
import io.jdht.multiformats.Cid;
import io.jdht.multiformats.Multiaddr;
import io.jdht.multiformats.Multicodec;
import io.jdht.multiformats.Multihash;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The seed-era acceptance cases (research/seed-api-and-rpc.md section 8, cases 1–17), in-process on loopback. */
@Timeout(80)
class DhtAcceptanceTest {
    /** The CID of an empty unixfs directory, which the seed's tests provide. */
    private static final Cid UNIXFS_DIR = Cid.parse("QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn");
    private static final byte[] UNIXFS_DIR_BLOCK = HexFormat.of().parseHex("0a020801");
    private static final String UNKNOWN_PEER = "Qmd7qZS4T7xXtsNFdRoK1trfMs5zU94EpokQ9WFtxdPxsZ";

    private final TestNodes nodes = new TestNodes();
    private final Random random = new Random(42);

    @AfterEach
    void close() {
        nodes.close();
    }

    private String randomHex() {
        byte[] b = new byte[16];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static Throwable failure(CompletableFuture<?> f) {
        try {
            f.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("expected the operation to fail");
    }

    @Test
    void case01_putResolves() {
        Node a = nodes.start();
        Node b = nodes.start();
        connect(a, b);
        join(a.dht().put("QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn".getBytes(UTF_8), "data".getBytes(UTF_8)));
        // it reached b, not only a's own store
        assertThat(join(b.dht().get("QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn".getBytes(UTF_8)))).isEqualTo("data".getBytes(UTF_8));
    }

    @Test
    void case02_getAfterPutOnAnotherNode() {
        Node a = nodes.start();
        Node b = nodes.start();
        connect(a, b);
        byte[] key = randomHex().getBytes(UTF_8);
        byte[] value = randomHex().getBytes(UTF_8);
        Integer stored = join(b.dht().putAndCount(key, value, QueryOptions.DEFAULT, e -> {}));
        assertThat(stored).isEqualTo(1);
        assertThat(join(a.dht().get(key))).isEqualTo(value);
    }

    @Test
    void case03and04_getOfMissingKeyFailsPromptly() {
        Node a = nodes.start();
        Node b = nodes.start();
        connect(a, b);
        long start = System.nanoTime();
        Throwable t = failure(a.dht().get("non-existing".getBytes(UTF_8), QueryOptions.timeout(Duration.ofMillis(100))));
        assertThat(t).isInstanceOfAny(DhtException.NotFound.class, DhtException.Timeout.class);
        byte[] randomKey = new byte[32];
        random.nextBytes(randomKey);
        Throwable t2 = failure(a.dht().get(randomKey, QueryOptions.timeout(Duration.ofMillis(100))));
        assertThat(t2).isInstanceOfAny(DhtException.NotFound.class, DhtException.Timeout.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        assertThat(t2.getMessage()).contains("asked");
    }

    @Test
    void case05_putWithNoPeersStoresLocally() {
        Node a = nodes.start();
        byte[] key = randomHex().getBytes(UTF_8);
        assertThat(join(a.dht().putAndCount(key, "v".getBytes(UTF_8), QueryOptions.DEFAULT, e -> {}))).isZero();
        assertThat(join(a.dht().get(key))).isEqualTo("v".getBytes(UTF_8));
    }

    @Test
    void case06_findPeerFindsAConnectedPeer() {
        Node a = nodes.start();
        Node b = nodes.start();
        connect(b, a);
        PeerInfo found = join(a.dht().findPeer(b.peerId()));
        assertThat(found.id()).isEqualTo(b.peerId());
        List<Multiaddr> bAddrs = b.addresses().stream().map(Multiaddr::withoutPeerId).toList();
        assertThat(bAddrs).contains(found.addresses().getFirst().withoutPeerId());
    }

    @Test
    void case07_findPeerOfAnUnknownPeerFails() {
        Node a = nodes.start();
        Node b = nodes.start();
        connect(b, a);
        Throwable t = failure(a.dht().findPeer(PeerId.parse(UNKNOWN_PEER)));
        assertThat(t).isInstanceOf(DhtException.NotFound.class).hasMessageContaining(UNKNOWN_PEER);
    }

    @Test
    void case08to11_provide() {
        Node a = nodes.start();
        Node b = nodes.start();
        connect(a, b);
        Cid test = a.blocks().put("test".getBytes(UTF_8));
        join(a.dht().provide(test));
        // the announcement reached b
        assertThat(join(b.dht().findProvs(test))).extracting(PeerInfo::id).contains(a.peerId());

        Throwable missing = failure(a.dht().provide(Cid.parse(UNKNOWN_PEER)));
        assertThat(missing).isInstanceOf(DhtException.NotFound.class).hasMessageContaining("not found locally");

        Cid t0 = a.blocks().put("t0".getBytes(UTF_8));
        Cid t1 = a.blocks().put("t1".getBytes(UTF_8));
        join(a.dht().provide(List.of(t0, t1)));
        assertThat(failure(a.dht().provide(List.of(t0, Cid.parse(UNKNOWN_PEER))))).hasMessageContaining("not found locally");

        assertThat(test.version()).isEqualTo(1);
        Cid v0 = Cid.v0(Multihash.sha2_256(UNIXFS_DIR_BLOCK));
        a.blocks().put(v0, UNIXFS_DIR_BLOCK);
        join(a.dht().provide(v0.toV1()));
    }

    @Test
    void case12_provideOfANonCidFails() {
        Node a = nodes.start();
        assertThat(failure(a.dht().provide((Cid) null))).isInstanceOf(DhtException.InvalidArgument.class)
                .hasMessageContaining("cids[0]");
        assertThat(failure(a.dht().provide(java.util.Arrays.asList((Cid) null)))).isInstanceOf(DhtException.InvalidArgument.class);
        assertThat(failure(a.dht().provide(List.of()))).isInstanceOf(DhtException.InvalidArgument.class);
    }

    @Test
    void case13and15_findProvsFindsExactlyTheProviders() {
        Node a = nodes.start();
        Node b = nodes.start();
        Node c = nodes.start();
        connect(b, a);
        connect(c, b);
        assertThat(UNIXFS_DIR.hash()).isEqualTo(Multihash.sha2_256(UNIXFS_DIR_BLOCK));
        for (Node n : List.of(b, c)) {
            n.blocks().put(UNIXFS_DIR, UNIXFS_DIR_BLOCK);
            join(n.dht().provide(UNIXFS_DIR));
        }
        List<PeerInfo> found = join(a.dht().findProvs(UNIXFS_DIR));
        assertThat(found).extracting(PeerInfo::id).containsExactlyInAnyOrder(b.peerId(), c.peerId());
        List<PeerInfo> one = join(a.dht().findProvs(UNIXFS_DIR, FindProvsOptions.DEFAULT.withMaxNumProviders(1)));
        assertThat(one).hasSize(1);
        assertThat(one.getFirst().id()).isIn(b.peerId(), c.peerId());
    }

    @Test
    void case14_findProvsWithTinyTimeoutFailsWithoutHanging() {
        Node a = nodes.start();
        Node b = nodes.start();
        connect(a, b);
        Cid fake = Cid.v0(Multihash.sha2_256(("TEST" + System.nanoTime()).getBytes(UTF_8)));
        Throwable t = failure(a.dht().findProvs(fake, FindProvsOptions.DEFAULT.withTimeout(Duration.ofMillis(1))));
        assertThat(t).isInstanceOfAny(DhtException.Timeout.class, DhtException.NotFound.class);
    }

    @Test
    void case16_queryReturnsTheOtherNode() {
        Node a = nodes.start();
        Node b = nodes.start();
        connect(b, a);
        List<PeerInfo> closest = join(a.dht().query(b.peerId()));
        assertThat(closest).hasSizeLessThanOrEqualTo(20).extracting(PeerInfo::id).contains(b.peerId());
    }

    @Test
    void case17_callbacksAreCalledExactlyOnce() throws Exception {
        Node a = nodes.start();
        Node b = nodes.start();
        connect(a, b);
        byte[] key = randomHex().getBytes(UTF_8);
        Cid local = a.blocks().put("cb".getBytes(UTF_8));
        AtomicInteger calls = new AtomicInteger();
        AtomicReference<Throwable> provideError = new AtomicReference<>();
        CompletableFuture<Void> all = new CompletableFuture<>();
        AtomicInteger remaining = new AtomicInteger(7);
        Runnable one = () -> {
            calls.incrementAndGet();
            if (remaining.decrementAndGet() == 0) {
                all.complete(null);
            }
        };
        a.dht().put(key, "v".getBytes(UTF_8), (e, r) -> {
            assertThat(e).isNull();
            assertThat(r).isNull();
            one.run();
            a.dht().get(key, (e2, v) -> {
                assertThat(v).isEqualTo("v".getBytes(UTF_8));
                one.run();
            });
        });
        a.dht().findPeer(b.peerId(), (e, r) -> {
            assertThat(r.id()).isEqualTo(b.peerId());
            one.run();
        });
        a.dht().query(b.peerId(), (e, r) -> {
            assertThat(r).isNotEmpty();
            one.run();
        });
        a.dht().provide(local, (e, r) -> {
            assertThat(e).isNull();
            one.run();
            a.dht().findProvs(local, (e2, r2) -> {
                assertThat(r2).extracting(PeerInfo::id).contains(a.peerId());
                one.run();
            });
        });
        a.dht().provide(Cid.parse(UNKNOWN_PEER), (e, r) -> {
            provideError.set(e);
            one.run();
        });
        all.get(30, TimeUnit.SECONDS);
        Thread.sleep(200); // a second call of any callback would show up here
        assertThat(calls).hasValue(7);
        assertThat(provideError.get()).hasMessageContaining("not found locally");
    }

    @Test
    void textFormsOfIdsCidsAndKeys() {
        Node a = nodes.start();
        Node b = nodes.start();
        connect(b, a);
        assertThat(join(a.dht().findPeer(b.peerId().toString())).id()).isEqualTo(b.peerId());
        assertThat(join(a.dht().query(b.peerId().toString()))).extracting(PeerInfo::id).contains(b.peerId());
        Cid cid = b.blocks().put("text forms".getBytes(UTF_8));
        join(b.dht().provide(cid.toString()));
        assertThat(join(a.dht().findProvs(cid.toString()))).extracting(PeerInfo::id).containsExactly(b.peerId());
        join(b.dht().put("/test/text".getBytes(UTF_8), "t".getBytes(UTF_8)));
        assertThat(join(a.dht().get("/test/text"))).isEqualTo("t".getBytes(UTF_8));

        assertThat(failure(a.dht().findPeer("not-a-peer-id"))).isInstanceOf(DhtException.InvalidArgument.class)
                .hasMessageContaining("peer \"not-a-peer-id\" is not a peer id");
        assertThat(failure(a.dht().provide(cid.toString(), "QmNotACid"))).isInstanceOf(DhtException.InvalidArgument.class)
                .hasMessageContaining("cids[1]");
        assertThat(failure(a.dht().get("/ipns/nonsense"))).isInstanceOf(DhtException.InvalidArgument.class)
                .hasMessageContaining("is not a peer id");
        assertThat(failure(a.dht().get(""))).isInstanceOf(DhtException.InvalidArgument.class);
    }

    @Test
    void findPeerAndQueryOfThisNodeItselfAreRefusedOrAnswered() {
        Node a = nodes.start();
        assertThat(failure(a.dht().findPeer(a.peerId()))).isInstanceOf(DhtException.InvalidArgument.class);
        assertThat(failure(a.dht().query(a.peerId()))).isInstanceOf(DhtException.NoPeers.class);
        assertThatThrownBy(() -> new FindProvsOptions(Duration.ofSeconds(1), 0))
                .isInstanceOf(DhtException.InvalidArgument.class).hasMessageContaining("maxNumProviders");
    }
}
