package io.jdht.node;

import static io.jdht.node.TestNodes.connect;
import static io.jdht.node.TestNodes.join;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.jdht.kad.DhtException;
import io.jdht.node.protocol.KadProtocol;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What closing a node does to the operations and futures it handed out: they all complete. */
@Timeout(60)
class NodeLifecycleTest {
    private final TestNodes nodes = new TestNodes();

    @AfterEach
    void close() {
        nodes.close();
    }

    private static Throwable failureOf(CompletableFuture<?> f) throws Exception {
        try {
            f.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("expected a failure");
    }

    @Test
    void anOperationInFlightFailsWithClosedWhenTheNodeCloses() throws Exception {
        Node a = nodes.start();
        Node b = nodes.start();
        connect(a, b);
        // b now takes DHT streams and never answers: a's request waits for its 10 s timeout
        b.host().handle(KadProtocol.ID, stream -> {});
        CompletableFuture<byte[]> get = a.dht().get("/test/slow".getBytes(UTF_8), QueryOptions.timeout(Duration.ofSeconds(30)));
        Thread.sleep(200);
        assertThat(get).isNotDone();
        long start = System.nanoTime();
        a.close();
        assertThat(failureOf(get)).isInstanceOf(DhtException.Closed.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void operationsAfterCloseFailAtOnceAndCallbacksAreStillCalled() throws Exception {
        Node a = nodes.start();
        a.close();
        assertThat(failureOf(a.dht().put("/test/x".getBytes(UTF_8), "v".getBytes(UTF_8)))).isInstanceOf(DhtException.Closed.class);
        assertThat(failureOf(a.routingTable())).isInstanceOf(DhtException.Closed.class);
        CountDownLatch called = new CountDownLatch(1);
        AtomicReference<Throwable> error = new AtomicReference<>();
        a.dht().get("/test/x".getBytes(UTF_8), (e, v) -> {
            error.set(e);
            called.countDown();
        });
        assertThat(called.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(error.get()).isInstanceOf(DhtException.Closed.class);
    }

    @Test
    void startTwiceIsRefused() throws Exception {
        Node a = nodes.start();
        assertThat(failureOf(a.start())).isInstanceOf(IllegalStateException.class).hasMessageContaining("already started");
    }

    @Test
    void futuresOfTheNodeCompleteOffTheDhtThread() {
        Node a = nodes.start();
        Node b = nodes.start();
        AtomicReference<String> thread = new AtomicReference<>();
        join(a.connect(b.addresses().getFirst()).thenApply(p -> {
            thread.set(Thread.currentThread().getName());
            return p;
        }));
        assertThat(thread.get()).doesNotStartWith("jdht-dht-");
        // blocking on the DHT inside such a continuation must work, not deadlock the node
        byte[] got = join(a.routingTable().thenApply(t -> join(a.dht().put("/test/k".getBytes(UTF_8), "v".getBytes(UTF_8))))
                .thenApply(v -> join(a.dht().get("/test/k".getBytes(UTF_8)))));
        assertThat(got).isEqualTo("v".getBytes(UTF_8));
    }
}
