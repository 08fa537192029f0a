package io.jdht.daemon.http;

import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.multipart.Attribute;
import io.netty.handler.codec.http.multipart.FileUpload;
import io.netty.handler.codec.http.multipart.HttpData;
import io.netty.handler.codec.http.multipart.HttpDataFactory;
import io.netty.handler.codec.http.multipart.HttpPostRequestDecoder;
import io.netty.handler.codec.http.multipart.InterfaceHttpData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Receives a request body while it arrives. A {@code multipart/form-data} body is decoded into
 * parts with Netty's decoder: a part stays in memory up to the memory threshold and goes to a
 * temporary file beyond it, so a large upload never sits in the heap. Any other body (empty,
 * urlencoded, anything) is counted and dropped, as Kubo ignores it. {@link #destroy()} frees the
 * memory and deletes the files; the owner calls it once the command is over.
 *
 * <p>Confined to the connection's event loop until the body is complete.
 */
final class BodyCollector {
    /** The decoder drops bytes it has consumed once this many pile up, keeping its buffer small. */
    private static final int DISCARD_THRESHOLD = 256 * 1024;
    /** Room for a part's headers and boundary lines while the decoder looks for their end. */
    private static final int MAX_BUFFERED_HEADER_BYTES = 16 * 1024;

    private final long maxBytes;
    private final HttpPostRequestDecoder multipart; // null for a body we drop
    private long received;
    private boolean destroyed;

    /** The body is larger than allowed. */
    static final class TooLargeException extends Exception {
        private static final long serialVersionUID = 1L;

        TooLargeException() {
            super(null, null, false, false);
        }
    }

    private BodyCollector(long maxBytes, HttpPostRequestDecoder multipart) {
        this.maxBytes = maxBytes;
        this.multipart = multipart;
    }

    /**
     * A collector for the body {@code request} announces.
     *
     * @throws ApiError a client error if the multipart header is malformed (no boundary)
     */
    static BodyCollector forRequest(HttpRequest request, HttpDataFactory factory, ApiLimits limits) {
        if (!isMultipart(request)) {
            return new BodyCollector(limits.maxBodyBytes(), null);
        }
        try {
            HttpPostRequestDecoder d = new HttpPostRequestDecoder(
                    factory, request, StandardCharsets.UTF_8, limits.maxParts(), MAX_BUFFERED_HEADER_BYTES);
            d.setDiscardThreshold(DISCARD_THRESHOLD);
            return new BodyCollector(limits.maxBodyBytes(), d);
        } catch (DecoderException e) {
            throw ApiError.client("malformed multipart body: " + e.getMessage());
        }
    }

    private static boolean isMultipart(HttpRequest request) {
        try {
            return HttpPostRequestDecoder.isMultipart(request);
        } catch (DecoderException e) {
            throw ApiError.client("malformed multipart body: " + e.getMessage());
        }
    }

    /**
     * Takes the next piece of the body; the caller still owns (and releases) {@code content}.
     *
     * @throws TooLargeException past the body limit
     * @throws ApiError a client error if the multipart body is malformed
     */
    void offer(HttpContent content) throws TooLargeException {
        received += content.content().readableBytes();
        if (received > maxBytes) {
            throw new TooLargeException();
        }
        if (multipart == null) {
            return;
        }
        try {
            multipart.offer(content);
        } catch (DecoderException e) {
            throw ApiError.client("malformed multipart body: " + firstMessage(e));
        }
    }

    /**
     * The parts of a complete body, in order: each file part, and each plain field as a part too
     * (go-ipfs-cmds treats every part as a file).
     */
    List<FilePart> parts() {
        if (multipart == null) {
            return List.of();
        }
        List<FilePart> parts = new ArrayList<>();
        try {
            for (InterfaceHttpData data : multipart.getBodyHttpDatas()) {
                if (data instanceof FileUpload f) {
                    String type = f.getContentType() == null ? "application/octet-stream" : f.getContentType();
                    parts.add(part(f, f.getName(), f.getFilename(), type));
                } else if (data instanceof Attribute a) {
                    parts.add(part(a, a.getName(), "", "application/octet-stream"));
                }
            }
        } catch (IOException | DecoderException e) {
            throw ApiError.client("malformed multipart body: " + firstMessage(e));
        }
        return parts;
    }

    private static FilePart part(HttpData data, String name, String filename, String type) throws IOException {
        if (data.isInMemory()) {
            return FilePart.inMemory(name, filename, type, data.get());
        }
        return FilePart.onDisk(name, filename, type, data.length(), data.getFile().toPath());
    }

    /** A collector that only counts and drops the body (a GET page). */
    static BodyCollector discarding(long maxBytes) {
        return new BodyCollector(maxBytes, null);
    }

    /** Frees memory and deletes temporary files. Idempotent. */
    synchronized void destroy() {
        if (destroyed) {
            return;
        }
        destroyed = true;
        if (multipart != null) {
            multipart.destroy();
        }
    }

    private static String firstMessage(Throwable e) {
        Throwable t = e;
        for (int i = 0; i < 8 && t.getMessage() == null && t.getCause() != null; i++) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
