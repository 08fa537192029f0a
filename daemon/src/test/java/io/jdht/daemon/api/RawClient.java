package io.jdht.daemon.api;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 spoken by hand over a socket. {@code java.net.http} drops the trailers of a chunked
 * answer, and the routing commands report a lookup that failed after output began only in the
 * {@code X-Stream-Error} trailer; this client keeps them. It can also stop reading halfway and hang
 * up, which is how a test plays a client that goes away mid-stream.
 */
final class RawClient implements AutoCloseable {
    private static final int MAX_LINE = 64 * 1024;
    private static final int MAX_FIELDS = 200;
    private static final int MAX_CHUNKS = 1_000_000;

    private final Socket socket;
    private final InputStream in;

    RawClient(InetSocketAddress server) throws IOException {
        socket = new Socket();
        socket.connect(server, 5_000);
        // an answer that takes longer than this means the test has failed; never wait forever
        socket.setSoTimeout(30_000);
        in = new BufferedInputStream(socket.getInputStream());
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
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
    }

    void send(String text) throws IOException {
        send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Status line and headers, names lower-cased; interim 1xx answers are skipped. */
    HttpAnswer readHead() throws IOException {
        for (int i = 0; i < 10; i++) {
            String status = line();
            if (status.isEmpty()) {
                continue;
            }
            if (!status.startsWith("HTTP/1.")) {
                throw new IOException("not an HTTP status line: " + status);
            }
            int code = Integer.parseInt(status.substring(9, 12));
            Map<String, String> headers = fields();
            if (code / 100 != 1) {
                return new HttpAnswer(code, headers, new byte[0], Map.of());
            }
        }
        throw new IOException("no final answer after ten interim ones");
    }

    /** The whole answer: head, body and, for a chunked body, its trailers. */
    HttpAnswer read() throws IOException {
        return readBody(readHead());
    }

    HttpAnswer readBody(HttpAnswer head) throws IOException {
        String te = head.header("transfer-encoding");
        String cl = head.header("content-length");
        if (te != null && te.equalsIgnoreCase("chunked")) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            for (int i = 0; i < MAX_CHUNKS; i++) {
                byte[] chunk = chunk();
                if (chunk == null) {
                    return new HttpAnswer(head.status(), head.headers(), body.toByteArray(), fields());
                }
                body.write(chunk);
            }
            throw new IOException("more than " + MAX_CHUNKS + " chunks");
        }
        if (cl != null) {
            return new HttpAnswer(head.status(), head.headers(), in.readNBytes(Integer.parseInt(cl)), Map.of());
        }
        if (head.status() == 204 || head.status() == 304) {
            return head;
        }
        return new HttpAnswer(head.status(), head.headers(), in.readAllBytes(), Map.of());
    }

    /** One chunk's data, or null for the last (empty) chunk, which the trailers follow. */
    byte[] chunk() throws IOException {
        String size = line();
        int semicolon = size.indexOf(';');
        int n = Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
        if (n == 0) {
            return null;
        }
        byte[] data = in.readNBytes(n);
        if (data.length != n) {
            throw new EOFException("chunk cut short");
        }
        line();
        return data;
    }

    private Map<String, String> fields() throws IOException {
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i < MAX_FIELDS; i++) {
            String l = line();
            if (l.isEmpty()) {
                return fields;
            }
            int colon = l.indexOf(':');
            if (colon < 0) {
                throw new IOException("not a header field: " + l);
            }
            fields.merge(l.substring(0, colon).trim().toLowerCase(Locale.ROOT), l.substring(colon + 1).trim(),
                    (a, b) -> a + ", " + b);
        }
        throw new IOException("more than " + MAX_FIELDS + " header fields");
    }

    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int i = 0; i < MAX_LINE; i++) {
            int c = in.read();
            if (c < 0) {
                throw new EOFException("connection closed");
            }
            if (c == '\n') {
                byte[] bytes = b.toByteArray();
                int n = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, n, StandardCharsets.ISO_8859_1);
            }
            b.write(c);
        }
        throw new IOException("line longer than " + MAX_LINE + " bytes");
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
