package io.jdht.daemon.http;

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
 * A bare HTTP/1.1 client on a socket, for what {@code java.net.http} hides: trailers, reading an
 * answer halfway, pipelining, malformed requests, disconnecting mid-answer.
 */
public final class RawHttp implements AutoCloseable {
    private static final int MAX_LINE = 64 * 1024;
    private static final int MAX_HEADERS = 200;

    final Socket socket;
    private final InputStream in;

    /** One parsed answer; {@code trailers} are those after a chunked body. */
    public record Answer(int status, Map<String, String> headers, byte[] body, Map<String, String> trailers) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    public RawHttp(InetSocketAddress address) throws IOException {
        socket = new Socket();
        socket.connect(address, 5000);
        socket.setSoTimeout(20_000); // a test that waits longer than this has failed
        in = new BufferedInputStream(socket.getInputStream());
    }

    public void send(String text) throws IOException {
        send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    public void send(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
    }

    /** A POST without body to {@code target} (path and query). */
    static String post(String target, String... extraHeaders) {
        StringBuilder sb = new StringBuilder("POST " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n");
        for (String h : extraHeaders) {
            sb.append(h).append("\r\n");
        }
        return sb.append("\r\n").toString();
    }

    /** Reads the status line and headers. */
    public Answer head() throws IOException {
        String status = line();
        while (status.isEmpty()) { // tolerate a stray CRLF between answers
            status = line();
        }
        if (!status.startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP status line: " + status);
        }
        int code = Integer.parseInt(status.substring(9, 12));
        Map<String, String> headers = fields();
        return new Answer(code, headers, new byte[0], Map.of());
    }

    /** Reads one whole answer (skipping 1xx ones). */
    public Answer answer() throws IOException {
        Answer head = head();
        while (head.status() / 100 == 1) {
            head = head();
        }
        return body(head);
    }

    /** Reads the body that follows {@code head}. */
    public Answer body(Answer head) throws IOException {
        String te = head.header("transfer-encoding");
        String cl = head.header("content-length");
        if (te != null && te.equalsIgnoreCase("chunked")) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            for (int i = 0; i < 1_000_000; i++) {
                byte[] chunk = chunk();
                if (chunk == null) {
                    return new Answer(head.status(), head.headers(), body.toByteArray(), fields());
                }
                body.write(chunk);
            }
            throw new IOException("too many chunks");
        }
        if (cl != null) {
            return new Answer(head.status(), head.headers(), in.readNBytes(Integer.parseInt(cl)), Map.of());
        }
        if (head.status() == 204 || head.status() == 304) {
            return head;
        }
        return new Answer(head.status(), head.headers(), in.readAllBytes(), Map.of());
    }

    /** The next chunk of a chunked body, or null at the last (empty) chunk, before the trailers. */
    public byte[] chunk() throws IOException {
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
        line(); // the CRLF after the data
        return data;
    }

    /** The next line of a chunked NDJSON body: reads chunks until a newline (values may share or split chunks). */
    String ndjsonLine(ByteArrayOutputStream pending) throws IOException {
        for (int i = 0; i < 100_000; i++) {
            byte[] sofar = pending.toByteArray();
            for (int j = 0; j < sofar.length; j++) {
                if (sofar[j] == '\n') {
                    pending.reset();
                    pending.write(sofar, j + 1, sofar.length - j - 1);
                    return new String(sofar, 0, j, StandardCharsets.UTF_8);
                }
            }
            byte[] c = chunk();
            if (c == null) {
                return null;
            }
            pending.write(c);
        }
        throw new IOException("no newline");
    }

    /** Header or trailer fields up to the empty line, names lower-cased. */
    Map<String, String> fields() throws IOException {
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i < MAX_HEADERS; i++) {
            String l = line();
            if (l.isEmpty()) {
                return fields;
            }
            int colon = l.indexOf(':');
            fields.merge(l.substring(0, colon).trim().toLowerCase(Locale.ROOT), l.substring(colon + 1).trim(), (a, b) -> a + ", " + b);
        }
        throw new IOException("too many header fields");
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
        throw new IOException("line too long");
    }

    /** Whether the server has closed the connection (reads EOF, or a reset). */
    boolean closedByServer() {
        try {
            return in.read() < 0;
        } catch (IOException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
