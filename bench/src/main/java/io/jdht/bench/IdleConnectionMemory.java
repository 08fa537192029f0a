package io.jdht.bench;

import io.jdht.crypto.KeyType;
import io.jdht.crypto.PrivateKey;
import io.jdht.net.host.Host;
import io.jdht.net.host.HostConfig;
import io.jdht.net.host.NettyTransport;
import io.netty.channel.EventLoopGroup;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Memory per idle connection: one listening host and N client hosts in this JVM, all on one event
 * loop group. Heap in use (after full GCs) and RSS are read once the N hosts exist and again once
 * each has connected to the listener and finished identify; the difference divided by N is what
 * one idle connection costs, both ends together (TCP channel, Noise, yamux, the identify exchange,
 * peer-store and connection-manager entries), without the per-host cost.
 *
 * <p>Run: {@code java -cp bench/target/jdht-bench.jar io.jdht.bench.IdleConnectionMemory [connections]}
 */
public final class IdleConnectionMemory {
    private IdleConnectionMemory() {}

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        SecureRandom random = new SecureRandom();
        EventLoopGroup group = NettyTransport.newEventLoopGroup(0);
        List<Host> hosts = new ArrayList<>();
        try {
            Host server = host(random, group);
            server.start().get(10, TimeUnit.SECONDS);
            hosts.add(server);
            // warm up the code paths (JIT, class loading) before the baseline
            connectAll(server, clients(2, random, group, hosts));
            List<Host> clients = clients(n, random, group, hosts);
            Thread.sleep(500);
            double heap0 = heapMb();
            double rss0 = DhtLatencyBench.residentMb();
            connectAll(server, clients);
            Thread.sleep(2_000); // identify pushes and stream closes settle
            double heap1 = heapMb();
            double rss1 = DhtLatencyBench.residentMb();
            System.out.printf(Locale.ROOT, "%d idle connections (both ends in this JVM): heap %+.1f MB, RSS %+.1f MB%n",
                    n, heap1 - heap0, rss1 - rss0);
            System.out.printf(Locale.ROOT, "per connection: heap %.1f KB, RSS %.1f KB%n",
                    (heap1 - heap0) * 1e3 / n, (rss1 - rss0) * 1e3 / n);
            if (args.length > 1) {
                System.out.println("holding for " + args[1] + " s (pid " + ProcessHandle.current().pid() + ")");
                Thread.sleep(Long.parseLong(args[1]) * 1000);
            }
        } finally {
            hosts.forEach(Host::close);
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
        }
    }

    private static Host host(SecureRandom random, EventLoopGroup group) {
        return Host.create(HostConfig.builder(PrivateKey.generate(KeyType.ED25519, random))
                .listen("/ip4/127.0.0.1/tcp/0").eventLoopGroup(group).build());
    }

    private static List<Host> clients(int n, SecureRandom random, EventLoopGroup group, List<Host> all) {
        List<Host> made = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Host h = Host.create(HostConfig.builder(PrivateKey.generate(KeyType.ED25519, random))
                    .listen(List.of()).eventLoopGroup(group).build());
            made.add(h);
            all.add(h);
        }
        return made;
    }

    private static void connectAll(Host server, List<Host> clients) throws Exception {
        var target = server.listenAddresses().getFirst().encapsulate(
                io.jdht.multiformats.Multiaddr.parse("/p2p/" + server.peerId()));
        for (int i = 0; i < clients.size(); i += 50) {
            List<CompletableFuture<?>> batch = new ArrayList<>();
            for (Host c : clients.subList(i, Math.min(clients.size(), i + 50))) {
                batch.add(c.connect(target).thenCompose(conn -> conn.identified()));
            }
            CompletableFuture.allOf(batch.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        }
    }

    /** Heap in use after full collections, in MB (shared with {@link IdleStreamMemory}). */
    static double heapMb() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return (rt.totalMemory() - rt.freeMemory()) / 1e6;
    }
}
