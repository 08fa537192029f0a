package io.jdht.daemon.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Streaming answers: values arrive as they are emitted, late errors go in the trailer, slow readers hold the writer back. */
@Timeout(60)
class ApiStreamingTest {
    private final TestApi api = new TestApi(b -> b.limits(ApiLimits.DEFAULT.withOutputBuffering(64 * 1024, 1 << 20)));

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void valuesArriveBeforeTheCommandEnds() throws Exception {
        HttpResponse<InputStream> r = api.http.send(
                api.request("/api/v0/test/stream?count=2&hold=true").POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.statusCode()).isEqualTo(200);
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            assertThat(lines.readLine()).isEqualTo("{\"n\":0}");
            assertThat(lines.readLine()).isEqualTo("{\"n\":1}");
            assertThat(api.commands.streamDone).isNotDone(); // the command is still held at the gate
            api.commands.gate.countDown();
            assertThat(lines.readLine()).isEqualTo("{\"n\":\"last\"}");
            assertThat(lines.readLine()).isNull();
        }
    }

    @Test
    void errorAfterOutputGoesInTheTrailer() throws Exception {
        try (RawHttp raw = api.raw()) {
            raw.send(RawHttp.post("/api/v0/test/fail?after=2"));
            RawHttp.Answer a = raw.answer();
            assertThat(a.status()).isEqualTo(200);
            assertThat(a.header("Transfer-Encoding")).isEqualTo("chunked");
            assertThat(a.header("Trailer")).isEqualTo("X-Stream-Error");
            assertThat(a.text()).isEqualTo("{\"n\":0}\n{\"n\":1}\n");
            assertThat(a.trailers()).containsEntry("x-stream-error", "boom");
            // the connection is still good for the next request
            raw.send(RawHttp.post("/api/v0/test/echo?arg=again"));
            assertThat(raw.answer().text()).contains("again");
        }
    }

    @Test
    void trailerCarriesOnlyTheFirstLineOfAMessage() throws Exception {
        try (RawHttp raw = api.raw()) {
            raw.send(RawHttp.post("/api/v0/test/crash"));
            assertThat(raw.answer().status()).isEqualTo(500); // before output: the whole message, as JSON
        }
        ApiError e = ApiError.normal("first\r\nsecond");
        assertThat(e.headerMessage()).isEqualTo("first");
        assertThat(ApiError.normal("caf\u00e9 \u0001").headerMessage()).isEqualTo("caf\u00c3\u00a9  ");
    }

    @Test
    void successfulStreamEndsWithoutTrailer() throws Exception {
        try (RawHttp raw = api.raw()) {
            raw.send(RawHttp.post("/api/v0/test/stream?count=1"));
            RawHttp.Answer a = raw.answer();
            assertThat(a.text()).isEqualTo("{\"n\":0}\n{\"n\":\"last\"}\n");
            assertThat(a.trailers()).isEmpty();
        }
    }

    @Test
    void slowReaderBlocksTheWriterInsteadOfFillingMemory() throws Exception {
        int count = 16 * 1024;
        int size = 4 * 1024; // 64 MiB in all: far more than socket buffers and our output bound
        try (RawHttp raw = api.raw()) {
            raw.socket.setReceiveBufferSize(64 * 1024);
            raw.send(RawHttp.post("/api/v0/test/flood?count=" + count + "&size=" + size));
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                Thread t = api.commands.floodThread.get();
                return t != null && api.commands.floodEmitted.get() > 0
                        && (t.getState() == Thread.State.WAITING || t.getState() == Thread.State.TIMED_WAITING);
            });
            assertThat(api.commands.floodEmitted.get()).isLessThan(count);

            RawHttp.Answer head = raw.head();
            assertThat(head.status()).isEqualTo(200);
            ByteArrayOutputStream pending = new ByteArrayOutputStream();
            int lines = 0;
            for (String line; (line = raw.ndjsonLine(pending)) != null; ) {
                assertThat(line).startsWith("{\"n\":" + lines + ",").endsWith("\"}");
                lines++;
            }
            assertThat(lines).isEqualTo(count);
            assertThat(raw.fields()).isEmpty(); // no error trailer
        }
    }
}
