package io.jdht.bench.micro;

import io.jdht.net.yamux.YamuxConfig;
import io.jdht.net.yamux.YamuxSession;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The yamux data path with nothing else in the way: two {@link YamuxSession}s on Netty
 * {@link EmbeddedChannel}s, their bytes handed across in this thread (no socket, no Noise). Each
 * invocation writes 64 KiB on one stream and hands frames back and forth until both sides are
 * quiet: the sender's framing, the receiver's parsing and delivery to the stream, and the window
 * updates that keep the data flowing. An operation is one byte, so the score in ops/µs is MB/s
 * (10^6 bytes per second). {@code maxDataFrame} 32 KiB is the default config (each write leaves
 * as two frames); 64 KiB sends each write as one frame. With {@code wire} "shared" the receiver
 * gets the very buffers the sender wrote, so only the multiplexer's own work is timed; with
 * "copied" each one arrives as a copy in a fresh pooled direct buffer, as a socket read delivers
 * it, so the figure includes the one copy every received byte costs on a real connection.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = "-XX:+UseCompactObjectHeaders")
public class YamuxThroughputBench {
    static final int CHUNK = 64 * 1024;

    @Param({"32768", "65536"})
    int maxDataFrame;

    @Param({"shared", "copied"})
    String wire;

    private EmbeddedChannel client;
    private EmbeddedChannel server;
    private Channel stream;
    private final Counter received = new Counter();
    private ByteBuf payload;
    private long sent;
    private boolean copy;

    /** The far end of the stream: counts what arrives and lets it go, as a fast reader would. */
    private static final class Counter extends ChannelInboundHandlerAdapter {
        long bytes;
        int streams;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            bytes += ((ByteBuf) msg).readableBytes();
            ReferenceCountUtil.release(msg);
        }
    }

    @Setup
    public void setUp() {
        copy = switch (wire) {
            case "shared" -> false;
            case "copied" -> true;
            default -> throw new IllegalArgumentException("wire is shared or copied, not " + wire);
        };
        YamuxConfig d = YamuxConfig.DEFAULT;
        YamuxConfig config = new YamuxConfig(d.maxStreams(), d.receiveWindow(), d.maxReceiveWindow(), maxDataFrame,
                d.maxBufferedBytes(), d.closeGrace());
        client = new EmbeddedChannel();
        server = new EmbeddedChannel();
        YamuxSession session = YamuxSession.install(client, true, config, new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.close(); // the server opens no streams here
            }
        });
        YamuxSession.install(server, false, config, new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                received.streams++;
                ch.pipeline().addLast(received);
            }
        });
        Future<Channel> opened = session.openStream(new ChannelInboundHandlerAdapter());
        exchange();
        if (!opened.isSuccess() || received.streams != 1) {
            throw new IllegalStateException("the stream did not open");
        }
        stream = opened.getNow();
        byte[] bytes = new byte[CHUNK];
        new Random(50).nextBytes(bytes);
        payload = Unpooled.directBuffer(CHUNK).writeBytes(bytes);
    }

    @Benchmark
    @OperationsPerInvocation(CHUNK)
    public void push64KiB() {
        // a duplicate shares the bytes, so no copy is made here that a real writer would not make
        stream.writeAndFlush(payload.retainedDuplicate());
        sent += CHUNK;
        exchange();
        // once both sides are quiet every byte must have arrived: a failed or stalled write
        // would otherwise be timed as a very fast one
        if (received.bytes != sent) {
            throw new IllegalStateException("sent " + sent + " bytes but " + received.bytes + " arrived");
        }
    }

    @TearDown
    public void tearDown() {
        exchange();
        long got = received.bytes;
        payload.release();
        client.finishAndReleaseAll();
        server.finishAndReleaseAll();
        // a benchmark whose bytes did not all arrive measured something else
        if (got != sent) {
            throw new IllegalStateException("sent " + sent + " bytes but " + got + " arrived");
        }
    }

    /** Hands frames across both ways until neither side writes (bounded: a stuck session fails). */
    private void exchange() {
        for (int i = 0; i < 64; i++) {
            client.runPendingTasks();
            server.runPendingTasks();
            if (shuttle(client, server) + shuttle(server, client) == 0) {
                return;
            }
        }
        throw new IllegalStateException("the two sessions never went quiet");
    }

    private int shuttle(EmbeddedChannel from, EmbeddedChannel to) {
        int n = 0;
        Object msg;
        while ((msg = from.readOutbound()) != null) {
            if (copy && msg instanceof ByteBuf written) {
                ByteBuf read = PooledByteBufAllocator.DEFAULT.directBuffer(written.readableBytes());
                read.writeBytes(written);
                written.release();
                msg = read;
            }
            to.writeInbound(msg);
            n++;
        }
        return n;
    }
}
