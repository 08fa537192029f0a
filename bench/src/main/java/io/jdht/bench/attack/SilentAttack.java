package io.jdht.bench.attack;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * {@code silent}: {@code --batches} (2) waves of {@code --count} (9,000) raw TCP connections that
 * never send a byte, wave {@code i} from 127.0.0.{@code i+2}, all held until the end; the legitimate
 * ping meanwhile shows whether the daemon still serves. The issue asks for 2 x 10,000; this
 * process may only have 20,000 files open ({@code ulimit -n}), hence 9,000 by default. At the end,
 * each socket is checked: closed by the daemon (EOF or reset) or still open.
 */
final class SilentAttack implements Attack {
    @Override
    public String name() {
        return "silent";
    }

    @Override
    public String description() {
        return "--batches x --count raw TCP connections that never send anything";
    }

    @Override
    public String run(Context c) throws Exception {
        int batches = c.integer("batches", 2);
        int perBatch = c.count("count", 9000);
        int parallel = c.integer("parallel", 64);
        InetSocketAddress target = new InetSocketAddress("127.0.0.1", c.target.port());
        Queue<SocketChannel> sockets = new ConcurrentLinkedQueue<>();
        Map<String, Integer> failures = new TreeMap<>();
        List<String> waves = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int b = 0; b < batches && c.timeLeft(); b++) {
                String source = "127.0.0." + (2 + b);
                Semaphore slots = new Semaphore(parallel);
                long t0 = System.nanoTime();
                int before = sockets.size();
                int tried = 0;
                for (int i = 0; i < perBatch && c.timeLeft(); i++) {
                    slots.acquire();
                    tried++;
                    pool.execute(() -> {
                        try {
                            sockets.add(open(source, target));
                        } catch (IOException e) {
                            synchronized (failures) {
                                failures.merge(Attackers.reason(e), 1, Integer::sum);
                            }
                        } finally {
                            slots.release();
                        }
                    });
                }
                slots.acquire(parallel);
                waves.add(String.format(Locale.ROOT, "%s: %d of %d connected in %.1f s", source, sockets.size() - before, tried,
                        (System.nanoTime() - t0) / 1e9));
            }
        }
        c.holdUntilDeadline(() -> false);
        int closed = 0;
        ByteBuffer buf = ByteBuffer.allocate(4096);
        for (SocketChannel s : sockets) {
            if (closedByPeer(s, buf)) {
                closed++;
            }
        }
        int total = sockets.size();
        for (SocketChannel s : sockets) {
            try {
                s.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
        return String.join("; ", waves) + (failures.isEmpty() ? "" : "; failed: " + failures)
                + String.format(Locale.ROOT, "; at the end %d of %d closed by the daemon, %d still open", closed, total, total - closed);
    }

    /** Whether the daemon closed or reset {@code s}: reads (non-blocking) what it sent until EOF or nothing more. */
    private static boolean closedByPeer(SocketChannel s, ByteBuffer buf) {
        try {
            int n;
            do {
                buf.clear();
                n = s.read(buf);
            } while (n > 0);
            return n < 0;
        } catch (IOException e) {
            return true;
        }
    }

    private static SocketChannel open(String source, InetSocketAddress target) throws IOException {
        SocketChannel s = SocketChannel.open();
        try {
            s.bind(new InetSocketAddress(source, 0));
            s.socket().connect(target, (int) TimeUnit.SECONDS.toMillis(5));
            s.configureBlocking(false);
            return s;
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }
}
