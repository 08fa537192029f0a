package io.jdht.daemon.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One answer of the daemon as it came over the wire: status, headers, body and trailers (header
 * and trailer names lower-cased).
 */
record HttpAnswer(int status, Map<String, String> headers, byte[] body, Map<String, String> trailers) {
    String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The body as NDJSON, one value per line. */
    List<JsonNode> lines() {
        return Ndjson.parse(text());
    }

    /** The body as one JSON value. */
    JsonNode json() {
        return Ndjson.parseOne(text());
    }

    /** The {@code X-Stream-Error} trailer, or null. */
    String streamError() {
        return trailers.get("x-stream-error");
    }

    /** The Message of a Kubo error body. */
    String errorMessage() {
        return json().path("Message").asText();
    }

    @Override
    public String toString() {
        return "HTTP " + status + " " + headers + "\n" + text() + (trailers.isEmpty() ? "" : "trailers " + trailers);
    }
}
