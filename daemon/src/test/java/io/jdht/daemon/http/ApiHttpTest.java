package io.jdht.daemon.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** HTTP itself: bad requests, keep-alive, pipelining, HTTP/1.0, limits, many clients at once. */
@Timeout(90)
class ApiHttpTest {
    private final TestApi api = new TestApi(b -> b.limits(ApiLimits.DEFAULT.withRequestSizes(4096, 8192)));

    @AfterEach
    void stop() {
        api.close();
    }

    private void stillServing() throws Exception {
        assertThat(api.post("/api/v0/test/echo?arg=alive").statusCode()).isEqualTo(200);
    }

    @Test
    void garbageIs400AndTheServerGoesOn() throws Exception {
        try (RawHttp raw = api.raw()) {
            raw.send("THIS IS NOT HTTP AT ALL\r\n\r\n");
            RawHttp.Answer a = raw.answer();
            assertThat(a.status()).isEqualTo(400);
            assertThat(raw.closedByServer()).isTrue();
        }
        try (RawHttp raw = api.raw()) {
            raw.send("POST /api/v0/test/echo?arg=k HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n");
            assertThat(raw.answer().status()).isEqualTo(400);
        }
        try (RawHttp raw = api.raw()) { // a broken chunk size in the middle of a body
            raw.send("POST /api/v0/test/echo?arg=k HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n");
            assertThat(raw.answer().status()).isEqualTo(400);
        }
        stillServing();
    }

    @Test
    void tooLongUriIs414AndTooLargeHeadersAre431() throws Exception {
        try (RawHttp raw = api.raw()) {
            raw.send(RawHttp.post("/api/v0/test/echo?arg=" + "a".repeat(5000)));
            assertThat(raw.answer().status()).isEqualTo(414);
        }
        try (RawHttp raw = api.raw()) {
            raw.send(RawHttp.post("/api/v0/test/echo?arg=k", "X-Filler: " + "b".repeat(9000)));
            assertThat(raw.answer().status()).isEqualTo(431);
        }
        stillServing();
    }

    @Test
    void keepAliveServesRequestsInTurn() throws Exception {
        try (RawHttp raw = api.raw()) {
            for (int i = 0; i < 5; i++) {
                raw.send(RawHttp.post("/api/v0/test/echo?arg=k" + i));
                RawHttp.Answer a = raw.answer();
                assertThat(a.status()).isEqualTo(200);
                assertThat(a.text()).contains("\"k" + i + "\"");
            }
            raw.send(RawHttp.post("/api/v0/nothing")); // a refusal keeps the connection too
            assertThat(raw.answer().status()).isEqualTo(404);
            raw.send(RawHttp.post("/api/v0/test/echo?arg=after"));
            assertThat(raw.answer().text()).contains("after");
        }
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws Exception {
        try (RawHttp raw = api.raw()) {
            raw.send(RawHttp.post("/api/v0/test/stream?count=2")
                    + RawHttp.post("/api/v0/test/echo?arg=second")
                    + RawHttp.post("/api/v0/missing")
                    + RawHttp.post("/api/v0/test/echo?arg=fourth"));
            assertThat(raw.answer().text()).isEqualTo("{\"n\":0}\n{\"n\":1}\n{\"n\":\"last\"}\n");
            assertThat(raw.answer().text()).contains("second");
            assertThat(raw.answer().status()).isEqualTo(404);
            assertThat(raw.answer().text()).contains("fourth");
        }
    }

    @Test
    void aFloodOfPipelinedRequestsClosesOnlyThatConnection() throws Exception {
        try (RawHttp raw = api.raw()) {
            raw.send(RawHttp.post("/api/v0/test/echo?arg=k").repeat(1000));
            int answered = 0;
            try {
                for (int i = 0; i < 1000; i++) {
                    assertThat(raw.answer().status()).isEqualTo(200);
                    answered++;
                }
            } catch (java.io.IOException closed) {
                // expected once the queue bound is passed
            }
            assertThat(answered).isPositive().isLessThan(1000);
        }
        stillServing();
    }

    @Test
    void connectionCloseAndHttp10EndTheConnection() throws Exception {
        try (RawHttp raw = api.raw()) {
            raw.send(RawHttp.post("/api/v0/test/echo?arg=k", "Connection: close"));
            RawHttp.Answer a = raw.answer();
            assertThat(a.status()).isEqualTo(200);
            assertThat(a.header("Connection")).isEqualTo("close");
            assertThat(raw.closedByServer()).isTrue();
        }
        try (RawHttp raw = api.raw()) {
            raw.send("POST /api/v0/test/stream?count=2 HTTP/1.0\r\nContent-Length: 0\r\n\r\n");
            RawHttp.Answer a = raw.answer(); // no chunking in HTTP/1.0: the body runs to the end of the connection
            assertThat(a.status()).isEqualTo(200);
            assertThat(a.header("Transfer-Encoding")).isNull();
            assertThat(a.text()).isEqualTo("{\"n\":0}\n{\"n\":1}\n{\"n\":\"last\"}\n");
        }
    }

    @Test
    void expectContinueIsHonoured() throws Exception {
        try (RawHttp raw = api.raw()) {
            raw.send("POST /api/v0/test/echo?arg=k HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
            assertThat(raw.head().status()).isEqualTo(100);
            raw.send("hello");
            assertThat(raw.answer().status()).isEqualTo(200);
        }
        try (RawHttp raw = api.raw()) { // refused at once: the body is never asked for
            raw.send("POST /api/v0/nothing HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
            assertThat(raw.answer().status()).isEqualTo(404);
        }
    }

    @Test
    void manyConcurrentRequests() throws Exception {
        List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            String target = i % 2 == 0 ? "/api/v0/test/echo?arg=k" + i : "/api/v0/test/stream?count=20";
            all.add(api.http.sendAsync(api.request(target).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        for (int i = 0; i < all.size(); i++) {
            HttpResponse<String> r = all.get(i).get(30, TimeUnit.SECONDS);
            assertThat(r.statusCode()).isEqualTo(200);
            if (i % 2 == 0) {
                assertThat(r.body()).contains("\"k" + i + "\"");
            } else {
                assertThat(r.body().lines().count()).isEqualTo(21);
            }
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> api.server.runningCommands() == 0);
    }

    @Test
    void commandsBeyondTheLimitAre429() throws Exception {
        try (TestApi limited = new TestApi(b -> b.limits(ApiLimits.DEFAULT.withMaxConcurrentRequests(1)))) {
            try (RawHttp busy = limited.raw()) {
                busy.send(RawHttp.post("/api/v0/test/slow"));
                limited.commands.started.get(10, TimeUnit.SECONDS);
                HttpResponse<String> r = limited.post("/api/v0/test/echo?arg=k");
                assertThat(r.statusCode()).isEqualTo(429);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> limited.server.runningCommands() == 0);
            assertThat(limited.post("/api/v0/test/echo?arg=k").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void idleConnectionsAreClosed() throws Exception {
        try (TestApi brief = new TestApi(b -> b.limits(ApiLimits.DEFAULT.withIdleTimeout(Duration.ofMillis(300))))) {
            try (RawHttp raw = brief.raw()) { // never sends a request
                assertThat(raw.closedByServer()).isTrue();
            }
            try (RawHttp raw = brief.raw()) { // starts a body and stops
                raw.send("POST /api/v0/test/echo?arg=k HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nabc");
                assertThat(raw.closedByServer()).isTrue();
            }
            try (RawHttp raw = brief.raw()) { // a command that thinks longer than the idle timeout is not cut off
                raw.send(RawHttp.post("/api/v0/test/stream?count=1&hold=true"));
                RawHttp.Answer head = raw.head();
                assertThat(head.status()).isEqualTo(200);
                assertThat(raw.chunk()).isNotNull();
                Thread.sleep(1000); // several idle periods pass while the command waits
                brief.commands.gate.countDown();
                assertThat(new String(raw.chunk())).isEqualTo("{\"n\":\"last\"}\n");
            }
        }
    }

    @Test
    void connectionsBeyondTheLimitAreClosed() throws Exception {
        try (TestApi few = new TestApi(b -> b.limits(ApiLimits.DEFAULT.withMaxConnections(2)))) {
            try (RawHttp a = few.raw(); RawHttp b = few.raw()) {
                a.send(RawHttp.post("/api/v0/test/echo?arg=a"));
                assertThat(a.answer().status()).isEqualTo(200);
                b.send(RawHttp.post("/api/v0/test/echo?arg=b"));
                assertThat(b.answer().status()).isEqualTo(200);
                try (RawHttp c = few.raw()) {
                    assertThat(c.closedByServer()).isTrue();
                }
            }
        }
    }
}
