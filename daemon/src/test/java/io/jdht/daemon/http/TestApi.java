package io.jdht.daemon.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Consumer;

/** A server with the {@link TestCommands} on 127.0.0.1 and a client for it. */
final class TestApi implements AutoCloseable {
    final TestCommands commands = new TestCommands();
    final ApiServer server;
    final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    TestApi() {
        this(b -> {});
    }

    TestApi(Consumer<ApiServerConfig.Builder> customize) {
        ApiServerConfig.Builder b = ApiServerConfig.builder().listen("/ip4/127.0.0.1/tcp/0");
        customize.accept(b);
        try {
            server = ApiServer.start(b.build(), commands.router());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    URI uri(String target) {
        return URI.create("http://127.0.0.1:" + server.address().getPort() + target);
    }

    HttpRequest.Builder request(String target) {
        return HttpRequest.newBuilder(uri(target)).timeout(Duration.ofSeconds(20));
    }

    /** POST without a body, the way Kubo's clients call most commands. */
    HttpResponse<String> post(String target) throws IOException, InterruptedException {
        return send(request(target).POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    RawHttp raw() throws IOException {
        return new RawHttp(server.address());
    }

    @Override
    public void close() {
        server.close();
        http.close();
    }
}
