package io.jdht.net.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdht.crypto.PeerId;
import io.jdht.crypto.Ed25519PrivateKey;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ResourceScopeTest {
    private static final long MIB = 1024 * 1024;
    private final ResourceManager manager = new ResourceManager(new MemoryLimits(10 * MIB, 6 * MIB, 5 * MIB, 4 * MIB, 3 * MIB), 2);

    private static PeerId peer(int seed) {
        byte[] s = new byte[32];
        new Random(seed).nextBytes(s);
        return PeerId.fromPublicKey(Ed25519PrivateKey.fromSeed(s).publicKey());
    }

    @Test
    void aReservationChargesEveryAncestorOrNone() {
        ResourceScope connection = manager.newConnection("a");
        ResourceScope stream = manager.newStream(connection, manager.holdPeer(peer(1)), 1);
        assertThat(stream.reserveMemory(2 * MIB)).isTrue();
        assertThat(connection.memoryUsed()).isEqualTo(2 * MIB);
        assertThat(manager.node().memoryUsed()).isEqualTo(2 * MIB);
        // the stream allows 3 MiB: one more MiB fits, two do not, and a refusal changes nothing anywhere
        assertThat(stream.reserveMemory(2 * MIB)).isFalse();
        assertThat(manager.node().memoryUsed()).isEqualTo(2 * MIB);
        assertThat(stream.refusals()).isEqualTo(1);
        stream.releaseMemory(2 * MIB);
        assertThat(connection.memoryUsed()).isZero();
        assertThat(manager.node().memoryUsed()).isZero();
    }

    @Test
    void streamsOfOneConnectionShareItsLimit() {
        ResourceScope connection = manager.newConnection("b");
        ResourceScope peerScope = manager.holdPeer(peer(2));
        ResourceScope first = manager.newStream(connection, peerScope, 1);
        ResourceScope second = manager.newStream(connection, peerScope, 3);
        assertThat(first.reserveMemory(3 * MIB)).isTrue();
        assertThat(second.reserveMemory(2 * MIB)).as("connection limit is 4 MiB").isFalse();
        assertThat(second.reserveMemory(MIB)).isTrue();
        assertThat(connection.refusals()).isEqualTo(1);
    }

    @Test
    void aPeerIsChargedAcrossItsConnectionsAndLimitsItsStreams() {
        PeerId id = peer(3);
        ResourceScope peerScope = manager.holdPeer(id);
        ResourceScope a = manager.newStream(manager.newConnection("c1"), peerScope, 1);
        ResourceScope b = manager.newStream(manager.newConnection("c2"), peerScope, 1);
        ResourceScope c = manager.newStream(manager.newConnection("c3"), peerScope, 1);
        assertThat(a.addStream()).isTrue();
        assertThat(b.addStream()).isTrue();
        assertThat(c.addStream()).as("two streams per peer").isFalse();
        assertThat(a.reserveMemory(3 * MIB)).isTrue();
        assertThat(b.reserveMemory(3 * MIB)).as("the peer may hold 5 MiB").isFalse();
        a.close();
        assertThat(peerScope.memoryUsed()).isZero();
        assertThat(peerScope.streamsOpen()).isEqualTo(1);
        assertThat(c.addStream()).isTrue();
    }

    @Test
    void joiningAProtocolChargesWhatIsAlreadyHeld() {
        ResourceScope connection = manager.newConnection("d");
        ResourceScope stream = manager.newStream(connection, manager.holdPeer(peer(4)), 1);
        assertThat(stream.reserveMemory(MIB)).isTrue();
        ResourceScope kad = manager.protocol("/ipfs/kad/1.0.0");
        assertThat(stream.join(kad)).isTrue();
        assertThat(kad.memoryUsed()).isEqualTo(MIB);
        // the node is an ancestor of both the connection and the protocol: charged once, not twice
        assertThat(manager.node().memoryUsed()).isEqualTo(MIB);
        stream.close();
        assertThat(kad.memoryUsed()).isZero();
        assertThat(manager.node().memoryUsed()).isZero();
    }

    @Test
    void joiningFailsWithoutChangeWhenTheProtocolIsFull() {
        ResourceScope other = manager.newStream(manager.newConnection("e"), manager.holdPeer(peer(5)), 1);
        ResourceScope proto = manager.protocol("/x");
        assertThat(other.join(proto)).isTrue();
        assertThat(other.reserveMemory(3 * MIB)).isTrue();
        assertThat(manager.newStream(manager.newConnection("f"), manager.holdPeer(peer(6)), 1).reserveMemory(3 * MIB)).isTrue();
        ResourceScope late = manager.newStream(manager.newConnection("g"), manager.holdPeer(peer(7)), 1);
        assertThat(late.reserveMemory(3 * MIB)).isTrue();
        assertThat(late.join(proto)).as("the protocol allows 6 MiB and holds 3").isTrue();
        ResourceScope third = manager.newStream(manager.newConnection("h"), manager.holdPeer(peer(8)), 1);
        assertThat(third.reserveMemory(MIB)).as("the node allows 10 MiB and holds 9").isTrue();
        assertThat(third.join(proto)).isFalse();
        assertThat(proto.memoryUsed()).isEqualTo(6 * MIB);
    }

    @Test
    void closedScopesRefuseAndIgnoreReleases() {
        ResourceScope connection = manager.newConnection("i");
        assertThat(connection.reserveMemory(MIB)).isTrue();
        connection.close();
        assertThat(manager.node().memoryUsed()).isZero();
        connection.releaseMemory(MIB);
        assertThat(manager.node().memoryUsed()).isZero();
        assertThat(connection.reserveMemory(1)).isFalse();
    }

    @Test
    void peerScopesLiveWhileHeld() {
        PeerId id = peer(9);
        ResourceScope first = manager.holdPeer(id);
        assertThat(manager.holdPeer(id)).isSameAs(first);
        manager.releasePeer(id);
        assertThat(manager.peerScopes()).isEqualTo(1);
        manager.releasePeer(id);
        assertThat(manager.peerScopes()).isZero();
    }

    @Test
    void defaultsScaleWithTheHeap() {
        MemoryLimits small = MemoryLimits.forHeap(512 * MIB);
        assertThat(small.node()).isEqualTo(128 * MIB);
        assertThat(small.connection()).isEqualTo(16 * MIB);
        assertThat(small.stream()).isEqualTo(8 * MIB);
        MemoryLimits big = MemoryLimits.forHeap(8192 * MIB);
        assertThat(big.node()).isEqualTo(2048 * MIB);
        assertThat(big.connection()).isEqualTo(128 * MIB);
    }

    @Test
    void anOperatorsBudgetIsSharedOutTheSameWay() {
        MemoryLimits tight = MemoryLimits.forBudget(16 * MIB);
        assertThat(tight.node()).isEqualTo(16 * MIB);
        assertThat(tight.protocol()).isEqualTo(8 * MIB);
        assertThat(tight.connection()).as("never more than the whole").isEqualTo(16 * MIB);
        assertThat(tight.stream()).isEqualTo(8 * MIB);
        assertThat(MemoryLimits.forBudget(2048 * MIB)).isEqualTo(MemoryLimits.forHeap(8192 * MIB));
        assertThatThrownBy(() -> MemoryLimits.forBudget(0)).hasMessageContaining("node");
    }
}
