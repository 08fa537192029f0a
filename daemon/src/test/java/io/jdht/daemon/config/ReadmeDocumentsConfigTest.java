package io.jdht.daemon.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's configuration table names every key jdht reads, so that a new key cannot land undocumented. */
class ReadmeDocumentsConfigTest {
    @Test
    void everyConfigKeyIsInTheReadme() throws Exception {
        Path readme = Path.of("..", "README.md"); // tests run in the module's folder
        String text = Files.readString(readme);
        for (ConfigField f : ConfigSchema.fields()) {
            assertThat(text).as("README documents %s", f.key()).contains("| `" + f.key() + "` |");
        }
    }
}
