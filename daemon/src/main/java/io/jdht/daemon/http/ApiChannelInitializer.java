package io.jdht.daemon.http;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;

/**
 * The pipeline of an API connection: idle detection, Netty's HTTP/1.1 codec with our size limits,
 * then the {@link ConnectionHandler}. A connection beyond {@code maxConnections} is closed at once.
 */
final class ApiChannelInitializer extends ChannelInitializer<SocketChannel> {
    /** Body bytes the codec hands over per piece; bounds what one read can put in memory at once. */
    private static final int MAX_CHUNK_SIZE = 64 * 1024;

    private final ChannelGroup connections;
    private volatile ServerContext server; // set before the listener accepts its first connection

    ApiChannelInitializer(ChannelGroup connections) {
        this.connections = connections;
    }

    void serve(ServerContext context) {
        this.server = context;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ServerContext server = this.server;
        if (connections.size() >= server.limits.maxConnections()) {
            ch.close();
            return;
        }
        connections.add(ch);
        ApiLimits limits = server.limits;
        HttpDecoderConfig decoder = new HttpDecoderConfig()
                .setMaxInitialLineLength(limits.maxInitialLineLength())
                .setMaxHeaderSize(limits.maxHeaderSize())
                .setMaxChunkSize(MAX_CHUNK_SIZE);
        ch.pipeline()
                // observeOutput: a slow but moving write is activity; only a stalled one is idle
                .addLast(new IdleStateHandler(true, 0, 0, limits.idleTimeout().toMillis(), TimeUnit.MILLISECONDS))
                .addLast(new HttpServerCodec(decoder))
                .addLast(new ConnectionHandler(server));
    }
}
