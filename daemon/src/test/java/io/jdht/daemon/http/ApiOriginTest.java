package io.jdht.daemon.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Kubo's browser protection: Origin and Referer must be allowed, browsers must say where they come from. */
@Timeout(60)
class ApiOriginTest {
    private final TestApi api = new TestApi();

    @AfterEach
    void stop() {
        api.close();
    }

    private HttpResponse<String> post(TestApi on, String header, String value) throws Exception {
        return on.send(on.request("/api/v0/test/echo?arg=k").header(header, value).POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    private String own() {
        return "http://127.0.0.1:" + api.server.address().getPort();
    }

    @Test
    void foreignOriginIsForbidden() throws Exception {
        HttpResponse<String> r = post(api, "Origin", "https://evil.example");
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).isEqualTo("403 - Forbidden\n");
        assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(post(api, "Origin", "null").statusCode()).isEqualTo(403);
    }

    @Test
    void theApisOwnOriginIsAllowedByDefault() throws Exception {
        assertThat(api.server.allowedOrigins()).contains(own(), "http://localhost:" + api.server.address().getPort());
        HttpResponse<String> r = post(api, "Origin", own());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).hasValue(own());
        assertThat(r.headers().firstValue("Vary")).hasValue("Origin");
        // the same host on another port is another origin
        assertThat(post(api, "Origin", "http://127.0.0.1:1").statusCode()).isEqualTo(403);
    }

    @Test
    void refererMustComeFromAnAllowedOrigin() throws Exception {
        assertThat(post(api, "Referer", own() + "/webui/#/files").statusCode()).isEqualTo(200);
        assertThat(post(api, "Referer", "https://evil.example/page.html").statusCode()).isEqualTo(403);
        assertThat(post(api, "Referer", "::not a url::").statusCode()).isEqualTo(403);
    }

    @Test
    void browserWithoutOriginIsForbiddenButElectronIsNot() throws Exception {
        assertThat(post(api, "User-Agent", "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0").statusCode())
                .isEqualTo(403);
        assertThat(post(api, "User-Agent", "Mozilla/5.0 (Macintosh) AppleWebKit/537.36 Chrome/120 Electron/28.0.0 Safari/537.36")
                .statusCode()).isEqualTo(200);
        assertThat(post(api, "User-Agent", "curl/8.5.0").statusCode()).isEqualTo(200);
    }

    @Test
    void configuredOriginsReplaceTheDefaults() throws Exception {
        try (TestApi custom = new TestApi(b -> b.allowedOrigins(List.of("https://webui.ipfs.io", "http://localhost:<port>"))
                .allowCredentials(true))) {
            int port = custom.server.address().getPort();
            HttpResponse<String> r = post(custom, "Origin", "https://webui.ipfs.io");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://webui.ipfs.io");
            assertThat(r.headers().firstValue("Access-Control-Allow-Credentials")).hasValue("true");
            assertThat(post(custom, "Origin", "http://localhost:" + port).statusCode()).isEqualTo(200);
            assertThat(post(custom, "Origin", "http://127.0.0.1:" + port).statusCode()).isEqualTo(403);
        }
        try (TestApi open = new TestApi(b -> b.allowedOrigins(List.of("*")))) {
            HttpResponse<String> r = post(open, "Origin", "https://anything.example");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
        }
    }

    @Test
    void preflightAnswersAllowedOriginsOnly() throws Exception {
        HttpResponse<String> ok = api.send(api.request("/api/v0/test/echo")
                .header("Origin", own())
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .build());
        assertThat(ok.statusCode()).isEqualTo(204);
        assertThat(ok.headers().firstValue("Access-Control-Allow-Origin")).hasValue(own());
        assertThat(ok.headers().firstValue("Access-Control-Allow-Methods")).hasValue("POST");
        assertThat(ok.headers().firstValue("Access-Control-Allow-Headers")).hasValue("content-type");

        HttpResponse<String> no = api.send(api.request("/api/v0/test/echo")
                .header("Origin", "https://evil.example")
                .header("Access-Control-Request-Method", "POST")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .build());
        assertThat(no.statusCode()).isEqualTo(204);
        assertThat(no.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void originPolicyParsesReferers() {
        assertThat(OriginPolicy.originOf("http://127.0.0.1:5001/webui")).isEqualTo("http://127.0.0.1:5001");
        assertThat(OriginPolicy.originOf("https://user:pw@example.com/x?y")).isEqualTo("https://example.com");
        assertThat(OriginPolicy.originOf("http://[::1]:5001/")).isEqualTo("http://[::1]:5001");
        assertThat(OriginPolicy.originOf("no scheme")).isNull();
    }
}
