package io.jdht.daemon.api;

import io.jdht.daemon.http.RawHttp;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * HTTP/1.1 spoken by hand over a socket, answering in this package's {@link HttpAnswer}: the
 * server tests' {@link RawHttp} underneath. {@code java.net.http} drops the trailers of a chunked
 * answer, and the routing commands report a lookup that failed after output began only in the
 * {@code X-Stream-Error} trailer; this client keeps them. It can also stop reading halfway and hang
 * up, which is how a test plays a client that goes away mid-stream.
 */
final class RawClient implements AutoCloseable {
    private final RawHttp http;

    RawClient(InetSocketAddress server) throws IOException {
        http = new RawHttp(server);
    }

    /** The request head of a POST; the body (if any) follows it. */
    static String head(String method, String target, long contentLength, String... headers) {
        StringBuilder sb = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                .append("Host: 127.0.0.1\r\n")
                .append("Content-Length: ").append(contentLength).append("\r\n");
        for (String h : headers) {
            sb.append(h).append("\r\n");
        }
        return sb.append("\r\n").toString();
    }

    void send(byte[] bytes) throws IOException {
        http.send(bytes);
    }

    void send(String text) throws IOException {
        send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Status line and headers, names lower-cased; interim 1xx answers are skipped. */
    HttpAnswer readHead() throws IOException {
        RawHttp.Answer head = http.head();
        for (int i = 0; i < 10 && head.status() / 100 == 1; i++) {
            head = http.head();
        }
        return of(head);
    }

    /** The whole answer: head, body and, for a chunked body, its trailers. */
    HttpAnswer read() throws IOException {
        return of(http.answer());
    }

    /** One chunk's data, or null for the last (empty) chunk, which the trailers follow. */
    byte[] chunk() throws IOException {
        return http.chunk();
    }

    private static HttpAnswer of(RawHttp.Answer a) {
        return new HttpAnswer(a.status(), a.headers(), a.body(), a.trailers());
    }

    @Override
    public void close() throws IOException {
        http.close();
    }
}
