package io.jdht.multiformats;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads the test vectors copied into this module ({@code src/test/resources/vectors}; where each
 * came from is in the {@code SOURCES.md} beside them).
 */
final class TestData {
    private TestData() {}

    static Path dir() {
        URL url = TestData.class.getResource("/vectors/SOURCES.md");
        if (url == null) {
            throw new IllegalStateException("the test vectors are missing from the test classpath (/vectors)");
        }
        try {
            return Path.of(url.toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<String> lines(String relative) {
        try {
            return Files.readAllLines(dir().resolve(relative), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
