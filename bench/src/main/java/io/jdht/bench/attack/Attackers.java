package io.jdht.bench.attack;

import io.jdht.crypto.KeyType;
import io.jdht.crypto.PrivateKey;
import io.jdht.multiformats.Varint;
import io.jdht.net.framing.VarintFrameDecoder;
import io.jdht.net.host.Connection;
import io.jdht.net.host.Host;
import io.jdht.net.host.HostConfig;
import io.jdht.net.host.NettyTransport;
import io.jdht.net.host.Stream;
import io.jdht.node.protocol.KadProtocol;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The attacker's tools: jdht hosts with fresh identities sharing one set of event loops (none
 * listens: they only dial the target), and kad streams on which to write what a well-behaved
 * peer would not. Closing it closes every host it made.
 */
final class Attackers implements AutoCloseable {
    /** Zeros to send as filler; written through wrapping buffers, never modified. */
    private static final byte[] ZEROS = new byte[64 << 10];

    private final Target target;
    private final EventLoopGroup group = NettyTransport.newEventLoopGroup(0);
    private final Queue<Host> hosts = new ConcurrentLinkedQueue<>();
    private final SecureRandom random = new SecureRandom();

    Attackers(Target target) {
        this.target = target;
    }

    /** A host with a fresh Ed25519 identity. */
    Host newHost() {
        Host h = Host.create(HostConfig.builder(PrivateKey.generate(KeyType.ED25519, random))
                .listen(List.of()).eventLoopGroup(group).build());
        hosts.add(h);
        return h;
    }

    /** A fresh host connected to the target. */
    Connection connectedHost(Duration timeout) throws Exception {
        return connect(newHost(), timeout);
    }

    /** Connects {@code host} to the target. */
    Connection connect(Host host, Duration timeout) throws Exception {
        return host.connect(target.address()).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Connections of all the hosts made here that are still open. */
    int openConnections() {
        int n = 0;
        for (Host h : hosts) {
            n += h.connectionManager().size();
        }
        return n;
    }

    /** What {@link #dialMany} did. */
    record Dials(List<Connection> connections, int attempted, int failed, Map<String, Integer> reasons, Duration took) {
        /** {@code 1100 dialled: 1090 connected, 10 failed (connection refused ×10)} */
        String summary() {
            return attempted + " dialled: " + connections.size() + " connected, " + failed + " failed"
                    + (reasons.isEmpty() ? "" : " " + reasons);
        }
    }

    /**
     * Dials the target from {@code n} fresh identities, at most {@code parallel} dials at once,
     * stopping early at {@code deadlineNanos}; {@code customize} runs on each host before it dials.
     * Connections are left open.
     */
    Dials dialMany(int n, int parallel, Consumer<Host> customize, long deadlineNanos) throws InterruptedException {
        Semaphore slots = new Semaphore(parallel);
        Queue<Connection> connections = new ConcurrentLinkedQueue<>();
        Map<String, Integer> reasons = new TreeMap<>();
        AtomicInteger failed = new AtomicInteger();
        long t0 = System.nanoTime();
        int attempted = 0;
        for (int i = 0; i < n; i++) {
            if (!slots.tryAcquire(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                break;
            }
            attempted++;
            Host h = newHost();
            customize.accept(h);
            h.connect(target.address()).orTimeout(30, TimeUnit.SECONDS).whenComplete((c, e) -> {
                if (e == null) {
                    connections.add(c);
                } else {
                    failed.incrementAndGet();
                    synchronized (reasons) {
                        reasons.merge(reason(e), 1, Integer::sum);
                    }
                }
                slots.release();
            });
        }
        // the dials in flight: their own timeout bounds this
        slots.tryAcquire(parallel, 35, TimeUnit.SECONDS);
        synchronized (reasons) {
            return new Dials(List.copyOf(connections), attempted, failed.get(), Map.copyOf(reasons),
                    Duration.ofNanos(System.nanoTime() - t0));
        }
    }

    /** A short name for a failure, to count alike ones together. */
    static String reason(Throwable e) {
        while ((e instanceof java.util.concurrent.CompletionException || e instanceof java.util.concurrent.ExecutionException)
                && e.getCause() != null) {
            e = e.getCause();
        }
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        m = m.replaceAll("12D3Koo\\w+|Qm\\w{40,}", "<peer>").replaceAll("/ip4/\\S+", "<addr>").replaceAll("\\d{3,}", "N");
        return m.length() > 70 ? m.substring(0, 70) : m;
    }

    // ---------------------------------------------------------------- kad streams

    /** The bytes of a varint length prefix followed by {@code message}. */
    static byte[] frame(byte[] message) {
        byte[] prefix = Varint.encode(message.length);
        byte[] out = new byte[prefix.length + message.length];
        System.arraycopy(prefix, 0, out, 0, prefix.length);
        System.arraycopy(message, 0, out, prefix.length, message.length);
        return out;
    }

    static CompletableFuture<Stream> kadStream(Connection c) {
        return c.newStream(KadProtocol.ID);
    }

    /** How a request on a stream of its own ended. */
    enum Outcome { ANSWERED, CLOSED, TIMEOUT, FAILED }

    record Reply(Outcome outcome, int bytes, String detail) {}

    /**
     * Writes one framed kad message on a new stream and waits for one framed answer: ANSWERED, or
     * CLOSED when the daemon ended or reset the stream without one (its way of refusing), TIMEOUT,
     * or FAILED when the stream could not be opened or written.
     */
    static CompletableFuture<Reply> call(Connection c, byte[] message, Duration timeout) {
        CompletableFuture<Reply> reply = new CompletableFuture<>();
        kadStream(c).whenComplete((stream, error) -> {
            if (error != null) {
                reply.complete(new Reply(Outcome.FAILED, 0, reason(error)));
                return;
            }
            Channel ch = stream.channel();
            reply.whenComplete((r, e) -> ch.close());
            ch.eventLoop().execute(() -> {
                ch.pipeline().addLast(new VarintFrameDecoder(8 << 20), new SimpleChannelInboundHandler<ByteBuf>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf msg) {
                        reply.complete(new Reply(Outcome.ANSWERED, msg.readableBytes(), ""));
                    }

                    @Override
                    public void channelInactive(ChannelHandlerContext ctx) {
                        reply.complete(new Reply(Outcome.CLOSED, 0, "closed without an answer"));
                    }

                    @Override
                    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                        reply.complete(new Reply(Outcome.CLOSED, 0, reason(cause)));
                    }
                });
                ch.writeAndFlush(Unpooled.wrappedBuffer(frame(message))).addListener(f -> {
                    if (!f.isSuccess()) {
                        reply.complete(new Reply(Outcome.FAILED, 0, "write: " + reason(f.cause())));
                    }
                });
            });
        });
        return reply.completeOnTimeout(new Reply(Outcome.TIMEOUT, 0, "no answer in " + timeout.toSeconds() + " s"),
                timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Writes framed messages on a new stream and ends our side (no answer expected); completes
     * with whether they were written once the daemon has ended its side too (or after
     * {@code timeout}), so that a caller counting these futures never has more streams open
     * than it means to.
     */
    static CompletableFuture<Boolean> send(Connection c, List<byte[]> messages, Duration timeout) {
        return kadStream(c).thenCompose(stream -> {
            CompletableFuture<Boolean> done = new CompletableFuture<>();
            boolean[] written = {false};
            Channel ch = stream.channel();
            ch.closeFuture().addListener(f -> done.complete(written[0]));
            for (byte[] m : messages) {
                ch.write(Unpooled.wrappedBuffer(frame(m)));
            }
            ch.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(f -> {
                written[0] = f.isSuccess();
                if (f.isSuccess() && ch instanceof io.netty.channel.socket.DuplexChannel duplex) {
                    duplex.shutdownOutput();
                } else {
                    ch.close();
                }
            });
            return done.completeOnTimeout(true, timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .whenComplete((ok, e) -> ch.close());
        });
    }

    /**
     * Writes {@code prefix}, then {@code total} zero bytes in 64 KiB chunks, each once the last has
     * left the stream (so the stream never queues more than a chunk). Completes with the number of
     * zero bytes that left when all have, or when the stream closes (a reset by the daemon).
     */
    static CompletableFuture<Long> pump(Channel ch, byte[] prefix, long total) {
        CompletableFuture<Long> done = new CompletableFuture<>();
        long[] written = {0};
        ch.closeFuture().addListener(f -> done.complete(written[0]));
        Runnable[] next = new Runnable[1];
        next[0] = () -> {
            if (done.isDone()) {
                return;
            }
            if (written[0] >= total) {
                done.complete(written[0]);
                return;
            }
            int n = (int) Math.min(ZEROS.length, total - written[0]);
            ch.writeAndFlush(Unpooled.wrappedBuffer(ZEROS, 0, n)).addListener(f -> {
                if (f.isSuccess()) {
                    written[0] += n;
                    ch.eventLoop().execute(next[0]);
                } else {
                    done.complete(written[0]);
                }
            });
        };
        ch.eventLoop().execute(() -> ch.writeAndFlush(Unpooled.wrappedBuffer(prefix)).addListener(f -> {
            if (f.isSuccess()) {
                next[0].run();
            } else {
                done.complete(0L);
            }
        }));
        return done;
    }

    @Override
    public void close() {
        Host h;
        while ((h = hosts.poll()) != null) {
            h.close();
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
    }
}
