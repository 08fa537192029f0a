package io.jdht.daemon.api;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * A {@code multipart/form-data} body as Kubo's clients send files: each part named {@code file},
 * with a file name and {@code application/octet-stream}.
 */
final class Multipart {
    private final String boundary = "jdht-test-" + UUID.randomUUID();
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();

    /** Adds a file part. */
    Multipart file(String filename, byte[] content) {
        write("--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"file\"; filename=\"" + filename + "\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n");
        body.writeBytes(content);
        write("\r\n");
        return this;
    }

    static Multipart of(byte[] content) {
        return new Multipart().file("file", content);
    }

    String contentType() {
        return "multipart/form-data; boundary=" + boundary;
    }

    /** The finished body (the closing boundary appended). */
    byte[] bytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(body.toByteArray());
        out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private void write(String s) {
        body.writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }
}
