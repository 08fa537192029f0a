package io.jdht.daemon.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Kubo's RPC conventions over real sockets: methods, paths, arguments, options, answer shapes. */
@Timeout(60)
class ApiConventionsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final TestApi api = new TestApi();

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void getOnACommandIs405() throws Exception {
        HttpResponse<String> r = api.send(api.request("/api/v0/test/echo?arg=a").GET().build());
        assertThat(r.statusCode()).isEqualTo(405);
        assertThat(r.body()).isEqualTo("405 - Method Not Allowed\n");
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        assertThat(r.headers().firstValue("Allow")).hasValue("OPTIONS, POST");
    }

    @Test
    void unknownCommandIs404() throws Exception {
        HttpResponse<String> r = api.post("/api/v0/no/such/command");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.body()).isEqualTo("404 page not found\n");
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        assertThat(api.post("/elsewhere").statusCode()).isEqualTo(404);
        assertThat(api.post("/api/v0/").statusCode()).isEqualTo(404);
    }

    @Test
    void missingArgumentIs400WithKubosMessage() throws Exception {
        HttpResponse<String> r = api.post("/api/v0/test/echo");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(r.body()).isEqualTo("{\"Message\":\"argument \\\"key\\\" is required\",\"Code\":1,\"Type\":\"error\"}\n");

        assertThat(JSON.readTree(api.post("/api/v0/test/provide").body()).get("Message").asText())
                .isEqualTo("argument \"cid\" is required");
    }

    @Test
    void argumentsAndOptionsReachTheCommand() throws Exception {
        HttpResponse<String> r = api.post("/api/v0/test/echo?arg=k1&arg=k2&verbose&n=5&tag=a&tag=b&wait=1h30m&timeout=1000ms&color=red");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode n = JSON.readTree(r.body());
        assertThat(n.get("key").asText()).isEqualTo("k1");
        assertThat(n.get("extra").asText()).isEqualTo("k2");
        assertThat(n.get("verbose").asBoolean()).isTrue();
        assertThat(n.get("count").asLong()).isEqualTo(5);
        assertThat(n.get("tags")).hasSize(2);
        assertThat(n.get("wait").asText()).isEqualTo("PT1H30M");
        assertThat(n.get("timeout").asText()).isEqualTo("PT1S");
        assertThat(n.get("color").asText()).isEqualTo("red");

        JsonNode off = JSON.readTree(api.post("/api/v0/test/echo?arg=k&verbose=false&unknown-option=1").body());
        assertThat(off.get("verbose").asBoolean()).isFalse();
        assertThat(off.get("extra").isNull()).isTrue();
    }

    @Test
    void lastPathSegmentMayBeTheArgument() throws Exception {
        JsonNode n = JSON.readTree(api.post("/api/v0/test/echo/QmValue").body());
        assertThat(n.get("key").asText()).isEqualTo("QmValue");
        JsonNode v = JSON.readTree(api.post("/api/v0/test/provide?arg=a&arg=b&arg=c").body());
        assertThat(v.get("cids")).hasSize(3);
    }

    @Test
    void malformedOptionsAre400NamingTheOption() throws Exception {
        HttpResponse<String> bool = api.post("/api/v0/test/echo?arg=k&verbose=maybe");
        assertThat(bool.statusCode()).isEqualTo(400);
        assertThat(error(bool)).isEqualTo("could not convert value \"maybe\" to type \"bool\" (for option \"-verbose\")");

        HttpResponse<String> timeout = api.post("/api/v0/test/echo?arg=k&timeout=soon");
        assertThat(timeout.statusCode()).isEqualTo(400);
        assertThat(error(timeout)).contains("\"-timeout\"").contains("duration");

        assertThat(error(api.post("/api/v0/test/echo?arg=k&n=five"))).contains("\"-n\"").contains("int");
        assertThat(error(api.post("/api/v0/test/echo?arg=k&n=1&count=2"))).startsWith("duplicate command options");
        assertThat(error(api.post("/api/v0/test/echo?arg=k&verbose=true&verbose=false"))).startsWith("expected key verbose to have only a single value");
        assertThat(error(api.post("/api/v0/test/echo?arg=a&arg=b&arg=c"))).isEqualTo("expected 2 argument(s), got 3");
        // an undeclared option read with a type is checked when read, with the same message
        assertThat(error(api.post("/api/v0/test/echo?arg=k&depth=deep")))
                .isEqualTo("could not convert value \"deep\" to type \"int\" (for option \"-depth\")");
        try (RawHttp raw = api.raw()) { // java.net.http refuses to send a broken %-escape
            raw.send(RawHttp.post("/api/v0/test/echo?arg=k&color=%ZZ"));
            RawHttp.Answer escape = raw.answer();
            assertThat(escape.status()).isEqualTo(400);
            assertThat(escape.text()).isEqualTo("400 Bad Request\n");
        }
    }

    @Test
    void commandFailureBeforeOutputIs500Json() throws Exception {
        HttpResponse<String> r = api.post("/api/v0/test/fail");
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(r.body()).isEqualTo("{\"Message\":\"boom\",\"Code\":0,\"Type\":\"error\"}\n");

        HttpResponse<String> client = api.post("/api/v0/test/fail?client=true");
        assertThat(client.statusCode()).isEqualTo(400);
        assertThat(client.body()).isEqualTo("{\"Message\":\"boom\",\"Code\":1,\"Type\":\"error\"}\n");

        HttpResponse<String> crash = api.post("/api/v0/test/crash");
        assertThat(crash.statusCode()).isEqualTo(500);
        assertThat(JSON.readTree(crash.body()).get("Message").asText()).isEqualTo("kaput\nsecond line");
    }

    @Test
    void singleValueHasKubosHeaders() throws Exception {
        HttpResponse<String> r = api.post("/api/v0/test/echo?arg=k");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).endsWith("}\n").doesNotContain("}\n{");
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(r.headers().firstValue("X-Chunked-Output")).isEmpty();
        assertThat(r.headers().firstValue("Trailer")).hasValue("X-Stream-Error");
        assertThat(r.headers().firstValue("Access-Control-Expose-Headers")).hasValue("X-Stream-Output, X-Chunked-Output, X-Content-Length");
        assertThat(r.headers().firstValue("Vary")).hasValue("Origin");

        HttpResponse<String> async = api.post("/api/v0/test/async-single");
        assertThat(async.body()).isEqualTo("{\"ID\":\"12D3KooWtest\"}\n");
    }

    @Test
    void streamIsNdjsonWithChunkedOutputHeader() throws Exception {
        HttpResponse<String> r = api.post("/api/v0/test/stream?count=3");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("X-Chunked-Output")).hasValue("1");
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(r.body()).isEqualTo("{\"n\":0}\n{\"n\":1}\n{\"n\":2}\n{\"n\":\"last\"}\n");
    }

    @Test
    void noValuesIsAnEmpty200() throws Exception {
        HttpResponse<String> r = api.post("/api/v0/test/empty");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEmpty();
        assertThat(r.headers().firstValue("X-Chunked-Output")).hasValue("1");
    }

    @Test
    void rawOutputIsTextPlainWithStreamHeader() throws Exception {
        HttpResponse<byte[]> r = api.http.send(api.request("/api/v0/test/raw").POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("text/plain");
        assertThat(r.headers().firstValue("X-Stream-Output")).hasValue("1");
        byte[] expected = new byte[14];
        System.arraycopy("hello raw\n".getBytes(), 0, expected, 0, 10);
        expected[10] = 0;
        expected[11] = 1;
        expected[12] = 2;
        expected[13] = (byte) 0xff;
        assertThat(r.body()).isEqualTo(expected);
    }

    @Test
    void optionsRequestListsTheMethods() throws Exception {
        HttpResponse<String> r = api.send(api.request("/api/v0/test/echo").method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build());
        assertThat(r.statusCode()).isEqualTo(204);
        assertThat(r.headers().firstValue("Allow")).hasValue("OPTIONS, POST");
    }

    @Test
    void metricsPageIsServedOnGet() throws Exception {
        HttpResponse<String> r = api.send(api.request("/debug/metrics/prometheus").GET().build());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        assertThat(r.body()).contains("jdht_test 1");
        assertThat(api.post("/debug/metrics/prometheus").statusCode()).isEqualTo(405);
    }

    @Test
    void urlencodedAndStrayBodiesAreAccepted() throws Exception {
        HttpResponse<String> form = api.send(api.request("/api/v0/test/echo?arg=k")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("a=b&c=d"))
                .build());
        assertThat(form.statusCode()).isEqualTo(200);
        HttpResponse<String> bytes = api.send(api.request("/api/v0/test/echo?arg=k")
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[10_000]))
                .build());
        assertThat(bytes.statusCode()).isEqualTo(200);
    }

    private static String error(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode n = JSON.readTree(r.body());
        assertThat(n.get("Code").asInt()).isEqualTo(1);
        assertThat(n.get("Type").asText()).isEqualTo("error");
        return n.get("Message").asText();
    }
}
