package org.netserv.signaling.cli;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/** Durations written {@code 500ms}, {@code 2s} or {@code 1m}. */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    private static final Pattern P = Pattern.compile("([0-9]{1,9})(ms|s|m)");

    @Override
    public Duration convert(String value) {
        Matcher m = P.matcher(value.trim());
        if (!m.matches()) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a duration like 500ms, 2s or 1m");
        }
        long n = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            default -> Duration.ofMinutes(n);
        };
        if (d.isZero()) {
            throw new CommandLine.TypeConversionException("a duration must be more than 0");
        }
        return d;
    }
}
