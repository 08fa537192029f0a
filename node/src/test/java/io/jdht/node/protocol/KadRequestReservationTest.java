package io.jdht.node.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdht.crypto.KeyType;
import io.jdht.crypto.PeerId;
import io.jdht.crypto.PrivateKey;
import io.jdht.kad.KadConfig;
import io.jdht.kad.KadEngine;
import io.jdht.kad.KadNetwork;
import io.jdht.kad.PeerInfo;
import io.jdht.kad.Scheduler;
import io.jdht.kad.record.InMemoryProviderStore;
import io.jdht.kad.record.InMemoryRecordStore;
import io.jdht.kad.record.NamespacedValidator;
import io.jdht.kad.wire.KadCodec;
import io.jdht.kad.wire.KadMessage;
import io.jdht.multiformats.Multiaddr;
import io.jdht.net.resources.MemoryLimits;
import io.jdht.net.resources.ResourceManager;
import io.jdht.net.resources.ResourceScope;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * A decoded request is memory a peer made us hold until it is answered: its size stays reserved
 * from the stream's scope while it waits for the DHT thread, and comes back once the answer has
 * been handed to the stream. A request that does not fit resets the stream.
 */
class KadRequestReservationTest {
    private static final PeerId REMOTE = PeerId.fromPublicKey(PrivateKey.generate(KeyType.ED25519, new SecureRandom()).publicKey());
    /** Stands for the DHT thread: tasks wait here until the test runs them. */
    private final ArrayDeque<Runnable> dhtThread = new ArrayDeque<>();

    private static KadEngine engine() {
        KadNetwork nowhere = new KadNetwork() {
            @Override
            public CompletableFuture<KadMessage> request(PeerInfo peer, KadMessage request) {
                return CompletableFuture.failedFuture(new IllegalStateException("no network in this test"));
            }

            @Override
            public CompletableFuture<Void> send(PeerInfo peer, KadMessage message) {
                return CompletableFuture.completedFuture(null);
            }

            @Override
            public List<Multiaddr> addressesOf(PeerId peer) {
                return List.of();
            }

            @Override
            public void learnAddresses(PeerInfo peer) {}

            @Override
            public boolean isConnected(PeerId peer) {
                return false;
            }

            @Override
            public List<Multiaddr> selfAddresses() {
                return List.of();
            }
        };
        Scheduler stopped = new Scheduler() {
            @Override
            public Instant now() {
                return Instant.EPOCH;
            }

            @Override
            public Cancellable schedule(Duration delay, Runnable task) {
                return () -> {};
            }
        };
        PeerId self = PeerId.fromPublicKey(PrivateKey.generate(KeyType.ED25519, new SecureRandom()).publicKey());
        return new KadEngine(self, KadConfig.DEFAULT, nowhere, stopped, new InMemoryRecordStore(),
                new InMemoryProviderStore(), NamespacedValidator.builder().build(), new Random(1));
    }

    private EmbeddedChannel stream(ResourceScope scope) {
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.attr(ResourceScope.KEY).set(scope);
        ch.pipeline().addLast(new KadInboundHandler(engine(), dhtThread::add, REMOTE, p -> List.of()));
        return ch;
    }

    private static ResourceScope streamScope(long limit) {
        ResourceManager manager = new ResourceManager(MemoryLimits.forBudget(64L << 20), 16);
        return manager.newConnection("test").child("stream", limit, 1);
    }

    private static byte[] findNode() {
        byte[] key = new byte[200];
        new Random(7).nextBytes(key);
        return KadCodec.encode(KadMessage.findNode(key));
    }

    @Test
    void aRequestIsPaidForUntilItsAnswerIsHandedToTheStream() throws Exception {
        ResourceScope scope = streamScope(1 << 20);
        EmbeddedChannel ch = stream(scope);
        byte[] request = findNode();
        ch.writeInbound(Unpooled.wrappedBuffer(request));
        assertThat(dhtThread).as("with the DHT thread").hasSize(1);
        assertThat(scope.memoryUsed()).isEqualTo(request.length);

        dhtThread.poll().run();
        ch.runPendingTasks(); // the answer is written on the stream's event loop
        ByteBuf answer = ch.readOutbound();
        assertThat(KadCodec.decode(Unpooled.copiedBuffer(answer).array()).type()).isEqualTo(KadMessage.MessageType.FIND_NODE);
        answer.release();
        assertThat(scope.memoryUsed()).as("given back once the answer is out").isZero();
        assertThat(ch.isOpen()).isTrue();
        ch.finishAndReleaseAll();
    }

    @Test
    void aRequestThatDoesNotFitResetsTheStream() {
        byte[] request = findNode();
        ResourceScope scope = streamScope(request.length - 1);
        EmbeddedChannel ch = stream(scope);
        ch.writeInbound(Unpooled.wrappedBuffer(request));
        assertThat(dhtThread).as("never reaches the engine").isEmpty();
        assertThat(ch.isOpen()).isFalse();
        ch.finishAndReleaseAll();
    }
}
