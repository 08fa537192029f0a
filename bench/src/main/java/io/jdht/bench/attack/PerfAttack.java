package io.jdht.bench.attack;

import io.jdht.net.host.Host;
import io.jdht.net.perf.PerfResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * {@code perf}: on one connection, {@code --uploads} (8) concurrent {@code /perf/1.0.0} uploads of
 * {@code --upload-size} (8 MiB) and {@code --downloads} (32) concurrent downloads of
 * {@code --download-size} (4 MiB), all started at once; reports how many complete within
 * {@code --duration}. {@code jdht daemon} serves {@code /perf/1.0.0} itself (downloads up to 16
 * GiB), so the target is the daemon.
 */
final class PerfAttack implements Attack {
    @Override
    public String name() {
        return "perf";
    }

    @Override
    public String description() {
        return "--uploads x --upload-size and --downloads x --download-size /perf exchanges at once on one connection";
    }

    @Override
    public String run(Context c) throws Exception {
        int uploads = c.count("uploads", 8);
        long upSize = c.bytes("upload-size", 8L << 20);
        int downloads = c.count("downloads", 32);
        long downSize = c.bytes("download-size", 4L << 20);
        Host host = c.attackers.newHost();
        c.attackers.connect(host, Duration.ofSeconds(10));
        long t0 = System.nanoTime();
        List<CompletableFuture<PerfResult>> up = new ArrayList<>();
        List<CompletableFuture<PerfResult>> down = new ArrayList<>();
        for (int i = 0; i < uploads; i++) {
            up.add(host.perf(c.target.peer(), upSize, 0));
        }
        for (int i = 0; i < downloads; i++) {
            down.add(host.perf(c.target.peer(), 0, downSize));
        }
        List<CompletableFuture<PerfResult>> all = new ArrayList<>(up);
        all.addAll(down);
        c.holdUntilDeadline(() -> all.stream().allMatch(CompletableFuture::isDone));
        double seconds = (System.nanoTime() - t0) / 1e9;
        return "uploads " + tally(up) + "; downloads " + tally(down)
                + String.format(Locale.ROOT, "; %.1f s until %s", seconds,
                        all.stream().allMatch(CompletableFuture::isDone) ? "all ended" : "the deadline");
    }

    private static String tally(List<CompletableFuture<PerfResult>> exchanges) {
        int done = 0;
        int pending = 0;
        Map<String, Integer> failures = new TreeMap<>();
        for (CompletableFuture<PerfResult> f : exchanges) {
            if (!f.isDone()) {
                pending++;
            } else if (f.isCompletedExceptionally()) {
                failures.merge(Attackers.reason(f.exceptionNow()), 1, Integer::sum);
            } else {
                done++;
            }
        }
        return done + "/" + exchanges.size() + " complete, " + pending + " unfinished"
                + (failures.isEmpty() ? "" : ", failed: " + failures);
    }
}
