package io.jdht.daemon.http;

import java.util.Objects;

/** A plain answer to a GET outside the RPC API, such as the Prometheus metrics text. */
public record Page(String contentType, byte[] body) {
    /** The content type Prometheus scrapers expect for the text exposition format. */
    public static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    public Page {
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(body, "body");
    }
}
