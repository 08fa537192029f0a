package io.jdht.cli.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jdht.multiformats.Multiaddr;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Talks to a running daemon's Kubo-compatible RPC API: {@code POST /api/v0/<command>} with
 * repeated {@code arg} parameters, options, and an optional file in a multipart body; answers are
 * one JSON object, NDJSON lines, or raw bytes. Errors come back as {@link ApiException} with the
 * daemon's message.
 */
public final class ApiClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final URI base;
    private final HttpClient http;

    public ApiClient(Multiaddr api) {
        this.base = URI.create("http://" + hostPort(api) + "/api/v0/");
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** {@code host:port} of an {@code /ip4/<host>/tcp/<port>} (or ip6, dns4, ...) address. */
    static String hostPort(Multiaddr api) {
        var c = api.components();
        if (c.size() < 2 || !c.get(1).protocol().protocolName().equals("tcp")) {
            throw new IllegalArgumentException("API address " + api + " is not /ip4|ip6/<host>/tcp/<port>");
        }
        String host = c.get(0).valueString();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + c.get(1).valueString();
    }

    /** A command to send. */
    public record Call(String command, List<String> args, Map<String, String> options, byte[] file) {
        public Call {
            args = List.copyOf(args);
            options = Map.copyOf(options);
        }

        public static Call of(String command, List<String> args, Map<String, String> options) {
            return new Call(command, args, options, null);
        }

        public Call withFile(byte[] body) {
            return new Call(command, args, options, body);
        }
    }

    /** Runs a command whose answer is one JSON object. */
    public JsonNode single(Call call, Duration timeout) throws ApiException, IOException, InterruptedException {
        HttpResponse<InputStream> r = send(call, timeout);
        try (InputStream body = r.body()) {
            return JSON.readTree(body.readAllBytes());
        }
    }

    /** Runs a command whose answer is raw bytes ({@code block/get}). */
    public byte[] bytes(Call call, Duration timeout) throws ApiException, IOException, InterruptedException {
        try (InputStream body = send(call, timeout).body()) {
            return body.readAllBytes();
        }
    }

    /** Runs a streaming command, handing each NDJSON value to {@code each} as it arrives. */
    public void stream(Call call, Duration timeout, Consumer<JsonNode> each) throws ApiException, IOException, InterruptedException {
        HttpResponse<InputStream> r = send(call, timeout);
        try (InputStream body = r.body(); Stream<String> lines = new java.io.BufferedReader(
                new java.io.InputStreamReader(body, StandardCharsets.UTF_8)).lines()) {
            for (Iterator<String> it = lines.iterator(); it.hasNext(); ) {
                String line = it.next();
                if (!line.isBlank()) {
                    each.accept(JSON.readTree(line));
                }
            }
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private HttpResponse<InputStream> send(Call call, Duration timeout) throws ApiException, IOException, InterruptedException {
        StringBuilder query = new StringBuilder();
        for (String a : call.args()) {
            append(query, "arg", a);
        }
        call.options().forEach((k, v) -> append(query, k, v));
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(call.command() + (query.isEmpty() ? "" : "?" + query)))
                .timeout(timeout);
        if (call.file() != null) {
            String boundary = "jdht-" + UUID.randomUUID();
            b.header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(multipart(boundary, call.file())));
        } else {
            b.POST(HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<InputStream> r;
        try {
            r = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (ConnectException e) {
            throw new ApiException(0, "the daemon's API at " + base.getAuthority() + " does not answer (is the daemon running?)");
        } catch (java.net.http.HttpTimeoutException e) {
            throw new ApiException(0, "context deadline exceeded (no answer from the daemon within " + timeout.toSeconds() + " s)");
        }
        if (r.statusCode() / 100 != 2) {
            byte[] body;
            try (InputStream in = r.body()) {
                body = in.readNBytes(64 * 1024);
            }
            throw new ApiException(r.statusCode(), errorMessage(r.statusCode(), body));
        }
        return r;
    }

    private static String errorMessage(int status, byte[] body) {
        try {
            JsonNode e = JSON.readTree(body);
            if (e != null && e.hasNonNull("Message")) {
                return e.get("Message").asText();
            }
        } catch (IOException notJson) {
            // a plain-text error such as "404 page not found"
        }
        String text = new String(body, StandardCharsets.UTF_8).trim();
        return text.isEmpty() ? "HTTP " + status : text;
    }

    private static void append(StringBuilder q, String key, String value) {
        if (!q.isEmpty()) {
            q.append('&');
        }
        q.append(URLEncoder.encode(key, StandardCharsets.UTF_8)).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
    }

    /** One file part, as kubo-rpc-client sends it. */
    private static byte[] multipart(String boundary, byte[] file) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(file.length + 256);
        String head = "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"file\"; filename=\"\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n";
        out.writeBytes(head.getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(file);
        out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }
}
