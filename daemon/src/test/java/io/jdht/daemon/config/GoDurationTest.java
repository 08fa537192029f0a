package io.jdht.daemon.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Go's duration syntax, checked against what time.ParseDuration accepts and refuses. */
class GoDurationTest {
    @Test
    void parsesWhatKuboClientsSend() {
        assertThat(GoDuration.parse("300ms")).isEqualTo(Duration.ofMillis(300));
        assertThat(GoDuration.parse("1000ms")).isEqualTo(Duration.ofSeconds(1));
        assertThat(GoDuration.parse("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(GoDuration.parse("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(GoDuration.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(GoDuration.parse("30s")).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void parsesTheCornersGoAllows() {
        assertThat(GoDuration.parse("0")).isZero();
        assertThat(GoDuration.parse("-0")).isZero();
        assertThat(GoDuration.parse("+5s")).isEqualTo(Duration.ofSeconds(5));
        assertThat(GoDuration.parse("-1.5h")).isEqualTo(Duration.ofMinutes(-90));
        assertThat(GoDuration.parse(".5s")).isEqualTo(Duration.ofMillis(500));
        assertThat(GoDuration.parse("5.s")).isEqualTo(Duration.ofSeconds(5));
        assertThat(GoDuration.parse("1us")).isEqualTo(Duration.ofNanos(1000));
        assertThat(GoDuration.parse("1\u00b5s")).isEqualTo(Duration.ofNanos(1000));
        assertThat(GoDuration.parse("1\u03bcs")).isEqualTo(Duration.ofNanos(1000));
        assertThat(GoDuration.parse("7ns")).isEqualTo(Duration.ofNanos(7));
        assertThat(GoDuration.parse("1h1m1s1ms1us1ns")).isEqualTo(Duration.ofNanos(3_661_001_001_001L));
        assertThat(GoDuration.parse("0.0000000015s")).isEqualTo(Duration.ofNanos(1)); // fractions of a nanosecond drop
    }

    @Test
    void wholeAndFractionalNumbersMixAndTheLimitIsExact() {
        // whole numbers are summed as longs, fractions as decimals: in either order the sum is the same
        assertThat(GoDuration.parse("1h0.5m")).isEqualTo(Duration.ofSeconds(3630));
        assertThat(GoDuration.parse("0.5m1h")).isEqualTo(Duration.ofSeconds(3630));
        assertThat(GoDuration.parse("9223372036854775807ns")).isEqualTo(Duration.ofNanos(Long.MAX_VALUE));
        assertThat(GoDuration.parse("2562047h")).isEqualTo(Duration.ofHours(2562047));
        assertThatThrownBy(() -> GoDuration.parse("9223372036854775808ns")).hasMessage("time: invalid duration \"9223372036854775808ns\"");
        assertThatThrownBy(() -> GoDuration.parse("2562048h")).hasMessage("time: invalid duration \"2562048h\"");
        assertThatThrownBy(() -> GoDuration.parse("9223372036854775807ns1ns")).hasMessage("time: invalid duration \"9223372036854775807ns1ns\"");
        assertThatThrownBy(() -> GoDuration.parse("0.5ns9223372036854775807ns")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesWithGosMessages() {
        assertThatThrownBy(() -> GoDuration.parse("")).hasMessage("time: invalid duration \"\"");
        assertThatThrownBy(() -> GoDuration.parse("10")).hasMessage("time: missing unit in duration \"10\"");
        assertThatThrownBy(() -> GoDuration.parse("1x")).hasMessage("time: unknown unit \"x\" in duration \"1x\"");
        assertThatThrownBy(() -> GoDuration.parse("s")).hasMessage("time: invalid duration \"s\"");
        assertThatThrownBy(() -> GoDuration.parse(".s")).hasMessage("time: invalid duration \".s\"");
        assertThatThrownBy(() -> GoDuration.parse("1..5s")).hasMessage("time: invalid duration \"1..5s\"");
        assertThatThrownBy(() -> GoDuration.parse("-")).hasMessage("time: invalid duration \"-\"");
        assertThatThrownBy(() -> GoDuration.parse("3000000h")).hasMessage("time: invalid duration \"3000000h\"");
        assertThatThrownBy(() -> GoDuration.parse("1".repeat(100) + "s")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GoDuration.parse("\u0661s")).isInstanceOf(IllegalArgumentException.class); // not an ASCII digit
    }

    @ParameterizedTest
    @CsvSource({"22h, 22h", "90s, 1m30s", "500ms, 500ms", "1.5s, 1.5s", "0, 0s", "48h, 48h"})
    void formatsTheShortestForm(String in, String out) {
        assertThat(GoDuration.format(GoDuration.parse(in))).isEqualTo(out);
    }
}
