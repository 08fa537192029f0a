package io.jdht.daemon.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GoDurationTest {
    @ParameterizedTest
    @CsvSource({
        "0, 0",
        "300ms, 300000000",
        "1000ms, 1000000000",
        "1.5s, 1500000000",
        "2m, 120000000000",
        "1h30m, 5400000000000",
        "22h, 79200000000000",
        "10us, 10000",
        "7ns, 7",
        ".5s, 500000000",
    })
    void parsesGoDurations(String text, long nanos) {
        assertThat(GoDuration.parse(text)).isEqualTo(Duration.ofNanos(nanos));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "5", "s", "-1s", "1d", "1h 30m", "1.2.3s", "abc", "99999999999999999999h"})
    void refusesWhatGoRefuses(String text) {
        assertThatThrownBy(() -> GoDuration.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(text.isEmpty() ? "duration" : text);
    }

    @ParameterizedTest
    @CsvSource({"22h, 22h", "90s, 1m30s", "500ms, 500ms", "1.5s, 1.5s", "0, 0s", "48h, 48h"})
    void formatsTheShortestForm(String in, String out) {
        assertThat(GoDuration.format(GoDuration.parse(in))).isEqualTo(out);
    }
}
