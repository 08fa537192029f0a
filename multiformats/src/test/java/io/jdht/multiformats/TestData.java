package io.jdht.multiformats;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Reads the shared test vectors (../shared/testdata) that the build points at. */
final class TestData {
    private TestData() {}

    static Path dir() {
        return Path.of(System.getProperty("jdht.testdata", "../../shared/testdata"));
    }

    static List<String> lines(String relative) {
        try {
            return Files.readAllLines(dir().resolve(relative), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
