package io.jdht.cli;

import io.jdht.daemon.config.GoDuration;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads {@code --timeout} and other durations as Kubo writes them ({@link GoDuration}: {@code 500ms},
 * {@code 30s}, {@code 1h30m}); a duration of zero or less leaves no time and is refused.
 */
public final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        Duration d;
        try {
            d = GoDuration.parse(value.trim());
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(
                    "'" + value + "' is not a duration; write a number followed by ms, s, m or h (e.g. 30s)");
        }
        if (d.isZero() || d.isNegative()) {
            throw new TypeConversionException("a duration of zero leaves no time to do anything: '" + value + "'");
        }
        return d;
    }
}
