package io.jdht.bench.attack;

import java.time.Duration;

/**
 * Samples the daemon while an attack runs: its RSS every 200 ms, and every second its heap in use
 * and open connections from the metrics page (a scrape that does not answer within a second is
 * skipped, and counted: an API that stops answering is a finding too).
 */
final class MemoryWatch implements AutoCloseable {
    private final Target target;
    private final Thread thread;
    private volatile boolean stop;
    private volatile double rssPeak = Double.NaN;
    private volatile double heapPeak = Double.NaN;
    private volatile double connectionsPeak = Double.NaN;
    private volatile int scrapes;
    private volatile int missedScrapes;
    private final long startNanos = System.nanoTime();
    private volatile long deathNanos = -1;

    MemoryWatch(Target target) {
        this.target = target;
        this.thread = Thread.ofPlatform().daemon().name("attack-memory-watch").unstarted(this::run);
        target.onExit(() -> deathNanos = System.nanoTime() - startNanos);
    }

    MemoryWatch start() {
        thread.start();
        return this;
    }

    private void run() {
        long nextScrape = 0;
        while (!stop && target.alive()) {
            rssPeak = max(rssPeak, target.rssMb("VmRSS"));
            if (System.nanoTime() >= nextScrape) {
                nextScrape = System.nanoTime() + 1_000_000_000L;
                scrapes++;
                var page = target.metrics(Duration.ofSeconds(1));
                if (page.isEmpty()) {
                    missedScrapes++;
                } else {
                    heapPeak = max(heapPeak, Target.sum(page.get(), "jvm_memory_used_bytes", "area=\"heap\"") / (1 << 20));
                    connectionsPeak = max(connectionsPeak, Target.sum(page.get(), "jdht_connections", ""));
                }
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** {@code " 14 s into the attack"} if the daemon died while watched, else empty. */
    String death() {
        long d = deathNanos;
        return d < 0 ? "" : " " + Math.round(d / 1e9) + " s into the attack";
    }

    private static double max(double a, double b) {
        return Double.isNaN(a) ? b : Double.isNaN(b) ? a : Math.max(a, b);
    }

    double rssPeakMb() {
        return rssPeak;
    }

    double heapPeakMb() {
        return heapPeak;
    }

    double connectionsPeak() {
        return connectionsPeak;
    }

    /** {@code 3/60 metric scrapes unanswered within 1 s}, or empty when all were answered. */
    String missed() {
        return missedScrapes == 0 ? "" : missedScrapes + "/" + scrapes + " metric scrapes unanswered within 1 s";
    }

    @Override
    public void close() {
        stop = true;
        thread.interrupt();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
