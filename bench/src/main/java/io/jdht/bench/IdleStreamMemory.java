package io.jdht.bench;

import io.jdht.crypto.KeyType;
import io.jdht.crypto.PrivateKey;
import io.jdht.multiformats.Multiaddr;
import io.jdht.net.host.Connection;
import io.jdht.net.host.Host;
import io.jdht.net.host.HostConfig;
import io.jdht.net.host.NettyTransport;
import io.jdht.net.host.Stream;
import io.netty.channel.EventLoopGroup;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Memory per open, idle yamux stream, the figure behind the 4 KiB each stream is charged from the
 * resource scopes: a listening host that keeps every stream of a test protocol open, and client
 * hosts that open N of them (at most 400 per connection, under the per-connection and per-peer
 * caps), all in this JVM. Heap in use after full GCs is read before and after the streams open;
 * the difference divided by N is one stream, both ends together (stream channels, pipelines, the
 * protocol's negotiation, scopes); the server's end alone is about half.
 *
 * <p>Run: {@code java -cp bench/target/jdht-bench.jar io.jdht.bench.IdleStreamMemory [streams]}
 */
public final class IdleStreamMemory {
    private static final String HOLD = "/bench/hold/1.0.0";
    private static final int PER_CONNECTION = 400;

    private IdleStreamMemory() {}

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        SecureRandom random = new SecureRandom();
        EventLoopGroup group = NettyTransport.newEventLoopGroup(0);
        List<Host> hosts = new ArrayList<>();
        List<Stream> open = new ArrayList<>();
        try {
            Host server = host(random, group, "/ip4/127.0.0.1/tcp/0");
            server.handle(HOLD, stream -> { }); // keeps every stream open
            server.start().get(10, TimeUnit.SECONDS);
            hosts.add(server);
            Multiaddr target = server.listenAddresses().getFirst().encapsulate(Multiaddr.parse("/p2p/" + server.peerId()));
            List<Connection> connections = new ArrayList<>();
            for (int i = 0; i < (n + PER_CONNECTION - 1) / PER_CONNECTION + 1; i++) {
                Host client = host(random, group, null);
                hosts.add(client);
                Connection c = client.connect(target).get(10, TimeUnit.SECONDS);
                c.identified().get(10, TimeUnit.SECONDS);
                connections.add(c);
            }
            // warm up on the last connection (JIT, class loading), then measure on the others
            Connection warm = connections.removeLast();
            for (int i = 0; i < 50; i++) {
                open.add(warm.newStream(HOLD).get(10, TimeUnit.SECONDS));
            }
            Thread.sleep(1_000);
            double heap0 = IdleConnectionMemory.heapMb();
            for (int i = 0; i < n; i++) {
                Connection c = connections.get(i / PER_CONNECTION);
                open.add(c.newStream(HOLD).get(10, TimeUnit.SECONDS));
                if (i % 200 == 199) {
                    // let the negotiations settle before opening more (optimistic streams finish on the next read)
                    Thread.sleep(50);
                }
            }
            Thread.sleep(2_000);
            double heap1 = IdleConnectionMemory.heapMb();
            long stillOpen = open.stream().filter(s -> s.channel().isOpen()).count();
            System.out.printf(Locale.ROOT, "%d idle streams (%d still open; both ends in this JVM): heap %+.1f MB%n",
                    n, stillOpen - 50, heap1 - heap0);
            System.out.printf(Locale.ROOT, "per stream, both ends: heap %.2f KB%n", (heap1 - heap0) * 1e3 / n);
        } finally {
            hosts.forEach(Host::close);
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
        }
    }

    private static Host host(SecureRandom random, EventLoopGroup group, String listen) {
        HostConfig.Builder b = HostConfig.builder(PrivateKey.generate(KeyType.ED25519, random)).eventLoopGroup(group);
        return Host.create((listen == null ? b.listen(List.of()) : b.listen(listen)).build());
    }
}
