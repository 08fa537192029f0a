package io.jdht.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/** The text form of devnet results: a table sized to its contents, the free-text result last but one. */
final class DevnetTable {
    private DevnetTable() {}

    static void print(PrintWriter out, List<DevnetResult> results) {
        int resultWidth = "RESULT".length();
        for (DevnetResult r : results) {
            resultWidth = Math.max(resultWidth, result(r).length());
        }
        String format = "%-10s  %-" + resultWidth + "s  %5s  %9s%n";
        out.printf(Locale.ROOT, format, "OPERATION", "RESULT", "PEERS", "TIME (ms)");
        for (DevnetResult r : results) {
            out.printf(Locale.ROOT, format, r.op(), result(r), r.peers(), String.format(Locale.ROOT, "%.1f", r.ms()));
        }
        long ok = results.stream().filter(DevnetResult::ok).count();
        out.printf(Locale.ROOT, "%d of %d operations succeeded%n", ok, results.size());
    }

    private static String result(DevnetResult r) {
        return (r.ok() ? "ok: " : "failed: ") + r.detail();
    }
}
