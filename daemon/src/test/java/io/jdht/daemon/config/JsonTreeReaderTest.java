package io.jdht.daemon.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The streaming reader gives the tree ObjectMapper.readTree gives, node types included. */
class JsonTreeReaderTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void readsTheTreeObjectMapperReads() throws Exception {
        String[] samples = {
            "{\"a\":1,\"b\":[true,false,null,\"x\\u00e9\"],\"c\":{\"d\":-2.5,\"e\":{}},\"f\":[]}",
            "{\"big\":123456789012,\"huge\":123456789012345678901234567890,\"exp\":1e300,\"neg\":-0}",
            "[1, [2, [3, {\"k\": \"v\"}]]]",
            "\"just text\"",
            "42",
            "{\"dup\":1,\"dup\":2}",
        };
        for (String s : samples) {
            byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
            var ours = JsonTreeReader.read(bytes);
            var theirs = MAPPER.readTree(bytes);
            assertThat(ours).as(s).isEqualTo(theirs);
            assertThat(ours.toString()).as(s).isEqualTo(theirs.toString());
        }
    }

    @Test
    void emptyTextIsNoValueAndBrokenTextFails() throws Exception {
        assertThat(JsonTreeReader.read(new byte[0])).isNull();
        assertThat(JsonTreeReader.read("  \n".getBytes(StandardCharsets.US_ASCII))).isNull();
        assertThatThrownBy(() -> JsonTreeReader.read("{\"a\":".getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(JsonProcessingException.class);
        assertThatThrownBy(() -> JsonTreeReader.read("{\"a\" 1}".getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(JsonProcessingException.class);
    }
}
