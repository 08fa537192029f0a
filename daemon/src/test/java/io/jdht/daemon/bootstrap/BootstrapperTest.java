package io.jdht.daemon.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jdht.multiformats.Multiaddr;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BootstrapperTest {
    private static final List<Multiaddr> PEERS =
            List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/9/p2p/QmNnooDu7bfjPFoTZYxMNLWUQJyrVwtbZg5gBMjTezGAJN"));
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final List<String> notices = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    @Test
    void unreachablePeersAreReportedOnceAndRetriedUntilTheyAnswer() {
        AtomicInteger calls = new AtomicInteger();
        // the first three attempts reach nobody, the fourth reaches one peer
        Bootstrapper b = new Bootstrapper(PEERS, peers -> CompletableFuture.completedFuture(calls.incrementAndGet() >= 4 ? 1 : 0),
                () -> 10, timer, notices::add);
        assertThat(b.start().join()).isFalse();
        // backoff 1 s, 2 s, 4 s: the fourth attempt comes after about 7 s
        await().atMost(Duration.ofSeconds(20)).until(() -> calls.get() >= 4 && notices.size() >= 2);
        assertThat(notices).hasSize(2);
        assertThat(notices.get(0)).startsWith("no bootstrap peer answered (1 tried)").contains("keeps serving");
        assertThat(notices.get(1)).isEqualTo("joined the network: 1 of 1 bootstrap peers answered");
        b.close();
    }

    @Test
    void aFailedJoinCountsAsUnreachableAndSaysWhy() {
        Bootstrapper b = new Bootstrapper(PEERS, peers -> CompletableFuture.failedFuture(new IllegalStateException("no route")),
                () -> 0, timer, notices::add);
        assertThat(b.start().join()).isFalse();
        assertThat(notices).singleElement().asString().contains("no route");
        b.close();
        assertThat(b.attempts()).isEqualTo(1);
    }

    @Test
    void anEmptyListIsSaidAndNothingIsTried() {
        AtomicInteger calls = new AtomicInteger();
        Bootstrapper b = new Bootstrapper(List.of(), peers -> CompletableFuture.completedFuture(calls.incrementAndGet()),
                () -> 0, timer, notices::add);
        assertThat(b.start().join()).isFalse();
        assertThat(calls).hasValue(0);
        assertThat(notices).singleElement().asString().contains("no bootstrap peers configured");
    }

    @Test
    void closingStopsTheRetries() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        Bootstrapper b = new Bootstrapper(PEERS, peers -> CompletableFuture.completedFuture(calls.incrementAndGet() * 0),
                () -> 0, timer, notices::add);
        b.start().join();
        b.close();
        Thread.sleep(1500); // longer than the first backoff
        assertThat(calls).hasValue(1);
    }
}
