package io.jdht.bench.attack;

import io.jdht.multiformats.Varint;
import io.jdht.net.host.Connection;
import io.jdht.net.host.Stream;
import io.netty.channel.Channel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code partial-frames}: {@code --streams} (256) kad streams on one connection, each announcing a
 * frame of {@code --frame} (4 MiB, the largest allowed) and then sending {@code --size} (4 MiB - 1)
 * bytes of it: a frame that never completes, which a decoder that buffers whole frames holds.
 * Reports how many streams the daemon reset, and how much it took in before.
 */
final class PartialFramesAttack implements Attack {
    @Override
    public String name() {
        return "partial-frames";
    }

    @Override
    public String description() {
        return "--streams kad streams on one connection each send --size bytes of a --frame byte frame, never finished";
    }

    @Override
    public String run(Context c) throws Exception {
        int streams = c.count("streams", 256);
        long frame = c.bytes("frame", 4L << 20);
        long size = c.bytes("size", (4L << 20) - 1);
        Connection conn = c.attackers.connectedHost(Duration.ofSeconds(10));
        byte[] prefix = Varint.encode(frame);
        List<CompletableFuture<Long>> pumps = new ArrayList<>();
        List<Channel> channels = new ArrayList<>();
        AtomicInteger closed = new AtomicInteger();
        int failedToOpen = 0;
        long t0 = System.nanoTime();
        for (int i = 0; i < streams && c.timeLeft(); i++) {
            Stream s;
            try {
                s = Attackers.kadStream(conn).get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                failedToOpen++;
                continue;
            }
            channels.add(s.channel());
            s.channel().closeFuture().addListener(f -> closed.incrementAndGet());
            pumps.add(Attackers.pump(s.channel(), prefix, size));
        }
        c.holdUntilDeadline(() -> pumps.stream().allMatch(CompletableFuture::isDone));
        double sendSeconds = (System.nanoTime() - t0) / 1e9;
        // let the daemon sit on what it holds for a moment (RSS is sampled meanwhile)
        Thread.sleep(Math.min(5000, c.remaining().toMillis()));
        long delivered = 0;
        int complete = 0;
        for (CompletableFuture<Long> p : pumps) {
            long n = p.getNow(-1L);
            if (n >= size) {
                complete++;
            }
            delivered += Math.max(0, n);
        }
        int resets = closed.get();
        channels.forEach(Channel::close);
        return String.format(Locale.ROOT, "%d streams opened%s; %d sent all %s (%.1f s), %s delivered in all; "
                        + "%d streams closed by the daemon, %d unfinished at the end; connection %s",
                channels.size(), failedToOpen == 0 ? "" : " (" + failedToOpen + " not)", complete, Attack.Size.of(size),
                sendSeconds, Attack.Size.of(delivered), resets,
                pumps.stream().filter(p -> !p.isDone()).count(), conn.isOpen() ? "still open" : "closed");
    }
}
