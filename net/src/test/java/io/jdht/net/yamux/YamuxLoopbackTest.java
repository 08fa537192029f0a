package io.jdht.net.yamux;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two sessions over a real TCP connection on 127.0.0.1, with tiny write-buffer watermarks so the
 * connection flips between writable and not all the time: every stream of a crowd of concurrent
 * bulk transfers must finish, none may be left waiting for a wake-up that never comes.
 */
@Timeout(180)
class YamuxLoopbackTest {
    private static final int STREAMS = 32;
    private static final int SIZE = 4 * 1024 * 1024;
    /** Low enough that almost every data frame makes the connection unwritable. */
    private static final WriteBufferWaterMark TINY = new WriteBufferWaterMark(8 * 1024, 16 * 1024);

    /** One random block; stream i carries the SIZE bytes starting at offset i, so every stream differs. */
    private static final byte[] BLOCK = new byte[SIZE + STREAMS];

    static {
        new Random(7).nextBytes(BLOCK);
    }

    private EventLoopGroup group;
    private Channel listener;
    private Channel connection;
    private final ConcurrentLinkedQueue<Long> received = new ConcurrentLinkedQueue<>();
    private final CountDownLatch finished = new CountDownLatch(STREAMS);

    @BeforeEach
    void start() {
        // one thread per side, as in a host where the two ends are on different loops
        group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    }

    @AfterEach
    void stop() {
        if (connection != null) {
            connection.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        if (listener != null) {
            listener.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
    }

    /** Starts a listener whose streams get {@code serverStreams}, dials it, returns the client session. */
    private YamuxSession connect(ChannelHandler serverStreams, ChannelHandler clientStreams) throws Exception {
        listener = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, TINY)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        YamuxSession.install(ch, false, YamuxConfig.DEFAULT, serverStreams);
                    }
                })
                .bind("127.0.0.1", 0).sync().channel();
        connection = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, TINY)
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        YamuxSession.install(ch, true, YamuxConfig.DEFAULT, clientStreams);
                    }
                })
                .connect(listener.localAddress()).sync().channel();
        return connection.pipeline().get(YamuxSession.class);
    }

    /** Checksums everything a stream receives; on the peer's FIN records it and counts down. */
    private final class Receiver extends ChannelInboundHandlerAdapter {
        private final CRC32 crc = new CRC32();
        private long bytes;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf b = (ByteBuf) msg;
            bytes += b.readableBytes();
            crc.update(b.nioBuffer());
            b.release();
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof ChannelInputShutdownEvent) {
                received.add(bytes == SIZE ? crc.getValue() : -bytes);
                finished.countDown();
                ctx.close();
            }
        }
    }

    /** Writes stream {@code index}'s bytes and then FIN, and closes once the FIN is out. */
    private static void send(Channel stream, int index) {
        stream.writeAndFlush(Unpooled.wrappedBuffer(BLOCK, index, SIZE));
        ((DuplexChannel) stream).shutdownOutput().addListener(ChannelFutureListener.CLOSE);
    }

    private static Set<Long> expectedChecksums() {
        Set<Long> all = new HashSet<>();
        for (int i = 0; i < STREAMS; i++) {
            CRC32 crc = new CRC32();
            crc.update(BLOCK, i, SIZE);
            all.add(crc.getValue());
        }
        return all;
    }

    private void assertEveryStreamArrivedWhole() throws InterruptedException {
        boolean all = finished.await(60, TimeUnit.SECONDS);
        assertThat(all).as("%d of %d streams never finished", finished.getCount(), STREAMS).isTrue();
        assertThat(new HashSet<>(received)).as("checksums of what arrived (negative: a short stream's length)")
                .isEqualTo(expectedChecksums());
    }

    @Test
    void concurrentUploadsOnOneConnectionAllComplete() throws Exception {
        YamuxSession client = connect(new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(new Receiver());
            }
        }, new ChannelInboundHandlerAdapter());
        List<io.netty.util.concurrent.Future<Channel>> opened = new ArrayList<>();
        for (int i = 0; i < STREAMS; i++) {
            opened.add(client.openStream(new ChannelInboundHandlerAdapter()));
        }
        for (int i = 0; i < STREAMS; i++) {
            Channel stream = opened.get(i).get(10, TimeUnit.SECONDS);
            int index = i;
            stream.eventLoop().execute(() -> send(stream, index));
        }
        assertEveryStreamArrivedWhole();
    }

    @Test
    void concurrentDownloadsOnOneConnectionAllComplete() throws Exception {
        AtomicInteger next = new AtomicInteger();
        YamuxSession client = connect(new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                // the listener answers every stream at once with its share of the block
                int index = next.getAndIncrement();
                ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelActive(ChannelHandlerContext ctx) {
                        send(ctx.channel(), index);
                    }
                });
            }
        }, new ChannelInboundHandlerAdapter());
        for (int i = 0; i < STREAMS; i++) {
            client.openStream(new Receiver()).get(10, TimeUnit.SECONDS);
        }
        assertEveryStreamArrivedWhole();
    }
}
