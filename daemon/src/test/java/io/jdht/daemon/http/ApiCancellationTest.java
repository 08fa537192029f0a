package io.jdht.daemon.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The timeout option and a vanishing client both stop the command, and the server says so the way Kubo does. */
@Timeout(60)
class ApiCancellationTest {
    private final TestApi api = new TestApi();

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void timeoutBeforeOutputIs500DeadlineExceeded() throws Exception {
        HttpResponse<String> r = api.post("/api/v0/test/slow?timeout=200ms");
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.body()).isEqualTo("{\"Message\":\"context deadline exceeded\",\"Code\":0,\"Type\":\"error\"}\n");
        assertThat(api.commands.cancelled.get(10, TimeUnit.SECONDS)).isEqualTo(Cancellation.Reason.DEADLINE);
        await().atMost(Duration.ofSeconds(10)).until(() -> api.server.runningCommands() == 0);
    }

    @Test
    void timeoutAfterOutputGoesInTheTrailer() throws Exception {
        try (RawHttp raw = api.raw()) {
            raw.send(RawHttp.post("/api/v0/test/slow?emit=1&timeout=300ms"));
            RawHttp.Answer a = raw.answer();
            assertThat(a.status()).isEqualTo(200);
            assertThat(a.text()).isEqualTo("{\"n\":0}\n");
            assertThat(a.trailers()).containsEntry("x-stream-error", "context deadline exceeded");
        }
        assertThat(api.commands.cancelled.get(10, TimeUnit.SECONDS)).isEqualTo(Cancellation.Reason.DEADLINE);
    }

    @Test
    void timeoutCancelsTheReturnedFuture() throws Exception {
        var pending = api.http.sendAsync(
                api.request("/api/v0/test/slow-async?timeout=1.5s").POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        api.commands.started.get(10, TimeUnit.SECONDS);
        HttpResponse<String> r = pending.get(10, TimeUnit.SECONDS);
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.body()).contains("context deadline exceeded");
        await().atMost(Duration.ofSeconds(10)).until(() -> api.commands.pendingFuture.get().isCancelled());
    }

    @Test
    void zeroTimeoutExpiresAtOnce() throws Exception {
        HttpResponse<String> r = api.post("/api/v0/test/slow?timeout=0");
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.body()).contains("context deadline exceeded");
    }

    @Test
    void disconnectInterruptsABlockingCommand() throws Exception {
        try (RawHttp raw = api.raw()) {
            raw.send(RawHttp.post("/api/v0/test/slow"));
            api.commands.started.get(10, TimeUnit.SECONDS);
        }
        assertThat(api.commands.cancelled.get(10, TimeUnit.SECONDS)).isEqualTo(Cancellation.Reason.CLIENT_GONE);
        await().atMost(Duration.ofSeconds(10)).until(() -> api.server.runningCommands() == 0);
    }

    @Test
    void disconnectMidStreamCancelsTheCommand() throws Exception {
        try (RawHttp raw = api.raw()) {
            raw.send(RawHttp.post("/api/v0/test/slow?emit=2"));
            RawHttp.Answer head = raw.head();
            assertThat(head.status()).isEqualTo(200);
            assertThat(raw.chunk()).isNotNull(); // read part of the answer, then hang up
        }
        assertThat(api.commands.cancelled.get(10, TimeUnit.SECONDS)).isEqualTo(Cancellation.Reason.CLIENT_GONE);
    }

    @Test
    void disconnectCancelsTheReturnedFuture() throws Exception {
        try (RawHttp raw = api.raw()) {
            raw.send(RawHttp.post("/api/v0/test/slow-async"));
            api.commands.started.get(10, TimeUnit.SECONDS);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> api.commands.pendingFuture.get().isCancelled());
        assertThat(api.commands.cancelled.get(10, TimeUnit.SECONDS)).isEqualTo(Cancellation.Reason.CLIENT_GONE);
    }

    @Test
    void disconnectCancelsTheFutureACommandAwaits() throws Exception {
        try (RawHttp raw = api.raw()) {
            raw.send(RawHttp.post("/api/v0/test/await"));
            api.commands.started.get(10, TimeUnit.SECONDS);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> api.commands.pendingFuture.get().isCancelled());
        assertThat(api.commands.cancelled.get(10, TimeUnit.SECONDS)).isEqualTo(Cancellation.Reason.CLIENT_GONE);
    }

    @Test
    void closingTheServerCancelsRunningCommands() throws Exception {
        RawHttp raw = api.raw();
        try (raw) {
            raw.send(RawHttp.post("/api/v0/test/slow"));
            api.commands.started.get(10, TimeUnit.SECONDS);
            api.server.close();
            assertThat(api.commands.cancelled.get(10, TimeUnit.SECONDS)).isEqualTo(Cancellation.Reason.SERVER_CLOSED);
            assertThat(raw.closedByServer()).isTrue();
        }
    }
}
