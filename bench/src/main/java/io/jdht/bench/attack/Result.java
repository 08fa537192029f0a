package io.jdht.bench.attack;

import java.util.Locale;

/** What one attack did to the daemon, as a line and as a Markdown table row. */
record Result(
        String attack,
        String parameters,
        String daemon,
        double rssBeforeMb,
        double rssPeakMb,
        double heapBeforeMb,
        double heapPeakMb,
        double heapAfterGcMb,
        double connectionsPeak,
        LegitClient.Report during,
        LegitClient.Report after,
        String outcome) {

    static final String TABLE_HEADER = """
            | attack | parameters | daemon | RSS before / peak (MB) | heap peak / after GC (MB) | legit during | legit after | outcome |
            | --- | --- | --- | --- | --- | --- | --- | --- |""";

    String line() {
        return String.format(Locale.ROOT,
                "%s [%s]: daemon %s; RSS %s -> peak %s MB; heap %s -> peak %s, after GC %s MB; connections peak %s"
                        + " | legit during: %s | legit after: %s | %s",
                attack, parameters, daemon, mb(rssBeforeMb), mb(rssPeakMb), mb(heapBeforeMb), mb(heapPeakMb),
                mb(heapAfterGcMb), mb(connectionsPeak), during.summary(), after.summary(), outcome);
    }

    String tableRow() {
        return String.format(Locale.ROOT, "| %s | %s | %s | %s / %s | %s / %s | %s | %s | %s |",
                attack, parameters, daemon, mb(rssBeforeMb), mb(rssPeakMb), mb(heapPeakMb), mb(heapAfterGcMb),
                during.brief(), after.brief(), outcome.replace("|", "/"));
    }

    private static String mb(double v) {
        return Double.isNaN(v) ? "?" : String.format(Locale.ROOT, "%.0f", v);
    }
}
