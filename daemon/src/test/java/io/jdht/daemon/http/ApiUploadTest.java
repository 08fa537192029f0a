package io.jdht.daemon.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Files in multipart bodies: small ones in memory, large ones through temporary files that do not outlive the request. */
@Timeout(120)
class ApiUploadTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BOUNDARY = "jdhtBoundary7MA4YWxkTrZu0gW";

    @TempDir
    Path tmp;

    private TestApi api;

    @BeforeEach
    void start() {
        api = new TestApi(b -> b.tempDir(tmp)
                .limits(ApiLimits.DEFAULT.withMemoryThreshold(1 << 20).withMaxBodyBytes(64L << 20)));
    }

    @AfterEach
    void stop() {
        api.close();
    }

    /** One part the way kubo-rpc-client sends a file. */
    static byte[] multipart(byte[]... files) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] f : files) {
            b.writeBytes(("--" + BOUNDARY + "\r\n"
                    + "Content-Disposition: form-data; name=\"file\"; filename=\"\"\r\n"
                    + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            b.writeBytes(f);
            b.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        b.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return b.toByteArray();
    }

    private HttpResponse<String> upload(byte[] body) throws Exception {
        return api.send(api.request("/api/v0/test/upload")
                .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build());
    }

    private static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private long filesIn(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        }
    }

    @Test
    void smallFileIsReadFromMemory() throws Exception {
        byte[] data = "a small DHT record value".getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> r = upload(multipart(data));
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode part = JSON.readTree(r.body()).get("parts").get(0);
        assertThat(part.get("name").asText()).isEqualTo("file");
        assertThat(part.get("filename").asText()).isEmpty();
        assertThat(part.get("contentType").asText()).isEqualTo("application/octet-stream");
        assertThat(part.get("size").asLong()).isEqualTo(data.length);
        assertThat(part.get("sha256").asText()).isEqualTo(sha256(data));
        assertThat(part.get("onDisk").asBoolean()).isFalse();
    }

    @Test
    void severalPartsKeepTheirOrder() throws Exception {
        byte[] a = random(1000, 1);
        byte[] b = random(3000, 2);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(multipart(a, b));
        // and a plain field without a file name, which counts as a part too
        String withField = new String(body.toByteArray(), StandardCharsets.ISO_8859_1).replace("--" + BOUNDARY + "--\r\n",
                "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhello\r\n--" + BOUNDARY + "--\r\n");
        HttpResponse<String> r = upload(withField.getBytes(StandardCharsets.ISO_8859_1));
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode parts = JSON.readTree(r.body()).get("parts");
        assertThat(parts).hasSize(3);
        assertThat(parts.get(0).get("sha256").asText()).isEqualTo(sha256(a));
        assertThat(parts.get(1).get("sha256").asText()).isEqualTo(sha256(b));
        assertThat(parts.get(2).get("name").asText()).isEqualTo("note");
        assertThat(parts.get(2).get("size").asLong()).isEqualTo(5);
    }

    @Test
    void largeFileGoesThroughATemporaryFileThatIsDeletedAfterwards() throws Exception {
        byte[] data = random(20 << 20, 3);
        HttpResponse<String> r = upload(multipart(data));
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode part = JSON.readTree(r.body()).get("parts").get(0);
        assertThat(part.get("size").asLong()).isEqualTo(data.length);
        assertThat(part.get("sha256").asText()).isEqualTo(sha256(data));
        assertThat(part.get("onDisk").asBoolean()).isTrue();
        assertThat(api.commands.uploadFiles).isNotEmpty().allSatisfy(p -> assertThat(p.getParent()).isEqualTo(tmp));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(api.commands.uploadFiles).allSatisfy(p -> assertThat(p).doesNotExist());
            assertThat(filesIn(tmp)).isZero();
        });
    }

    @Test
    void uploadCutShortLeavesNoTemporaryFile() throws Exception {
        byte[] head = multipart(new byte[0]);
        try (RawHttp raw = api.raw()) {
            raw.send("POST /api/v0/test/upload HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=" + BOUNDARY
                    + "\r\nContent-Length: " + (30 << 20) + "\r\n\r\n");
            raw.send(new String(head, 0, head.length - BOUNDARY.length() - 8, StandardCharsets.ISO_8859_1)); // the part's headers
            raw.send(random(5 << 20, 4));
            await().atMost(Duration.ofSeconds(10)).until(() -> filesIn(tmp) > 0);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> filesIn(tmp) == 0);
        assertThat(api.server.runningCommands()).isZero();
    }

    @Test
    void missingFileIs400() throws Exception {
        HttpResponse<String> r = api.post("/api/v0/test/upload");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).isEqualTo("{\"Message\":\"file argument 'data' is required\",\"Code\":1,\"Type\":\"error\"}\n");
    }

    @Test
    void malformedMultipartIs400() throws Exception {
        HttpResponse<String> noBoundary = api.send(api.request("/api/v0/test/upload")
                .header("Content-Type", "multipart/form-data")
                .POST(HttpRequest.BodyPublishers.ofString("whatever"))
                .build());
        assertThat(noBoundary.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(noBoundary.body()).get("Code").asInt()).isEqualTo(1);

        HttpResponse<String> garbage = upload("this is not a multipart body at all\r\n".repeat(100).getBytes(StandardCharsets.US_ASCII));
        assertThat(garbage.statusCode()).isEqualTo(400);
        assertThat(api.post("/api/v0/test/echo?arg=still-serving").statusCode()).isEqualTo(200);
    }

    @Test
    void bodyOverTheLimitIs413() throws Exception {
        try (TestApi small = new TestApi(b -> b.tempDir(tmp).limits(ApiLimits.DEFAULT.withMaxBodyBytes(1 << 20)))) {
            byte[] body = multipart(random(2 << 20, 5));
            HttpResponse<String> announced = small.send(small.request("/api/v0/test/upload")
                    .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build());
            assertThat(announced.statusCode()).isEqualTo(413);

            try (RawHttp raw = small.raw()) { // chunked: no length up front, refused when the count passes the limit
                raw.send("POST /api/v0/test/upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                        + "Content-Type: multipart/form-data; boundary=" + BOUNDARY + "\r\n\r\n");
                for (int i = 0; i < body.length; i += 64 * 1024) {
                    int n = Math.min(64 * 1024, body.length - i);
                    raw.send(Integer.toHexString(n) + "\r\n");
                    raw.send(java.util.Arrays.copyOfRange(body, i, i + n));
                    raw.send("\r\n");
                }
                RawHttp.Answer a = raw.answer();
                assertThat(a.status()).isEqualTo(413);
                assertThat(a.header("Connection")).isEqualTo("close");
            }
            assertThat(small.post("/api/v0/test/echo?arg=still-serving").statusCode()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(10)).until(() -> filesIn(tmp) == 0);
        }
    }

    @Test
    void streamedBodyWithoutLengthIsAccepted() throws Exception {
        byte[] data = random(3 << 20, 6);
        HttpResponse<String> r = api.send(api.request("/api/v0/test/upload")
                .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(multipart(data))))
                .build());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(r.body()).get("parts").get(0).get("sha256").asText()).isEqualTo(sha256(data));
    }
}
