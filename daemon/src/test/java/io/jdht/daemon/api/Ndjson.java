package io.jdht.daemon.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Reads the NDJSON the streaming commands send, and picks query events out of it. */
final class Ndjson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Ndjson() {}

    /** Every non-empty line as a JSON value; a line that is not JSON fails the test. */
    static List<JsonNode> parse(String body) {
        List<JsonNode> out = new ArrayList<>();
        for (String line : body.split("\n", -1)) {
            if (!line.isBlank()) {
                out.add(parseOne(line));
            }
        }
        return out;
    }

    static JsonNode parseOne(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    /** The query events of one type. */
    static List<JsonNode> ofType(List<JsonNode> events, int type) {
        return events.stream().filter(e -> e.path("Type").asInt(-1) == type).toList();
    }

    static boolean any(List<JsonNode> events, Predicate<JsonNode> p) {
        return events.stream().anyMatch(p);
    }

    /** The IDs inside the Responses arrays of these events. */
    static List<String> responseIds(List<JsonNode> events) {
        List<String> ids = new ArrayList<>();
        for (JsonNode e : events) {
            for (JsonNode r : e.path("Responses")) {
                ids.add(r.path("ID").asText());
            }
        }
        return ids;
    }
}
