package io.jdht.daemon.http;

import io.jdht.multiformats.Multiaddr;
import io.jdht.net.host.NettyTransport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.http.multipart.DefaultHttpDataFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server of the Kubo-compatible RPC API: {@code POST /api/v0/<command>} for the
 * commands of an {@link ApiRouter}, and GET for its pages (the Prometheus metrics). See the
 * package documentation for the request and answer model.
 *
 * <p>Threads: connections live on a Netty event loop group (shared or owned); commands and pages
 * run on virtual threads, one per request.
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);

    private final ApiServerConfig config;
    private final EventLoopGroup group;
    private final boolean ownsGroup;
    private final ChannelGroup connections = new DefaultChannelGroup("jdht-api", GlobalEventExecutor.INSTANCE);
    private final ServerContext context;
    private final DefaultHttpDataFactory uploads;
    private final ExecutorService commands;
    private final Channel listener;
    private final InetSocketAddress address;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ApiServer(ApiServerConfig config, ApiRouter router) throws IOException {
        this.config = config;
        this.ownsGroup = config.eventLoopGroup().isEmpty();
        this.group = config.eventLoopGroup().orElseGet(() -> NettyTransport.newEventLoopGroup(0));
        this.commands = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("jdht-api-", 0).factory());
        this.uploads = new DefaultHttpDataFactory(config.limits().memoryThreshold());
        uploads.setMaxLimit(config.limits().maxBodyBytes());
        uploads.setDeleteOnExit(false); // we delete each request's files ourselves; the JVM's list would only grow
        config.tempDir().ifPresent(dir -> uploads.setBaseDir(dir.toString()));
        // The origin policy needs the bound port, which port 0 leaves open until the bind: the
        // listener binds without accepting, and starts accepting once the context is complete.
        ApiChannelInitializer initializer = new ApiChannelInitializer(connections);
        Channel bound;
        try {
            ChannelFuture f = new ServerBootstrap()
                    .group(group)
                    .channel(serverChannel(group))
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .option(ChannelOption.AUTO_READ, false)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(initializer)
                    .bind(socketAddress(config.listen()));
            if (!f.awaitUninterruptibly(10, TimeUnit.SECONDS) || !f.isSuccess()) {
                f.channel().close();
                throw new IOException("cannot listen on " + config.listen(), f.cause());
            }
            bound = f.channel();
        } catch (IOException | RuntimeException e) {
            shutdownResources();
            throw e instanceof IOException io ? io : new IOException("cannot listen on " + config.listen() + ": " + e.getMessage(), e);
        }
        this.listener = bound;
        this.address = (InetSocketAddress) bound.localAddress();
        OriginPolicy origins = new OriginPolicy(config.allowedOrigins(), address.getPort(), config.allowCredentials());
        this.context = new ServerContext(config, router, origins, uploads, commands);
        initializer.serve(context);
        bound.config().setAutoRead(true);
        LOG.debug("RPC API listening on {}", address);
    }

    /**
     * Binds and starts serving.
     *
     * @throws IOException if the address cannot be bound (in use, not local, malformed)
     */
    public static ApiServer start(ApiServerConfig config, ApiRouter router) throws IOException {
        return new ApiServer(config, router);
    }

    /** The bound address, with the real port when the config asked for port 0. */
    public InetSocketAddress address() {
        return address;
    }

    /** The bound address as a multiaddr, {@code /ip4/127.0.0.1/tcp/5001}. */
    public Multiaddr multiaddr() {
        return Multiaddr.tcp(address.getAddress(), address.getPort());
    }

    /** The browser origins allowed to call the API, with the port filled in. */
    public List<String> allowedOrigins() {
        return context.origins.allowed();
    }

    /** Commands running now (each holds one of the {@code maxConcurrentRequests} slots). */
    public int runningCommands() {
        return context.running();
    }

    public ApiServerConfig config() {
        return config;
    }

    /**
     * Stops listening, closes every connection (which cancels their commands), waits a moment for
     * the commands to finish, deletes leftover uploads and, if it made them, stops the event loops.
     * Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        context.markClosing();
        listener.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        connections.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        shutdownResources();
    }

    private void shutdownResources() {
        commands.shutdown();
        try {
            if (!commands.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("RPC API commands still running after close; interrupting them");
                commands.shutdownNow();
            }
        } catch (InterruptedException e) {
            commands.shutdownNow();
            Thread.currentThread().interrupt();
        }
        uploads.cleanAllHttpData();
        if (ownsGroup) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
        }
    }

    /** The server channel class that matches the group's I/O handler, as {@link NettyTransport} picks it. */
    private static Class<? extends ServerSocketChannel> serverChannel(EventLoopGroup group) {
        return group instanceof IoEventLoopGroup io && io.isIoType(EpollIoHandler.class)
                ? EpollServerSocketChannel.class
                : NioServerSocketChannel.class;
    }

    /** The socket address of {@code /ip4|ip6/…/tcp/…} or {@code /dns|dns4|dns6/…/tcp/…} (resolved now). */
    static InetSocketAddress socketAddress(Multiaddr addr) throws UnknownHostException {
        List<Multiaddr.Component> c = addr.components();
        if (c.size() != 2 || !c.get(1).protocol().protocolName().equals("tcp")) {
            throw new IllegalArgumentException("the API listens on a TCP address such as /ip4/127.0.0.1/tcp/5001, not " + addr);
        }
        int port = Integer.parseInt(c.get(1).valueString());
        String host = c.get(0).valueString();
        return switch (c.get(0).protocol().protocolName()) {
            case "ip4", "ip6", "dns", "dns4", "dns6" -> new InetSocketAddress(InetAddress.getByName(host), port);
            default -> throw new IllegalArgumentException("the API listens on a TCP address such as /ip4/127.0.0.1/tcp/5001, not " + addr);
        };
    }

    @Override
    public String toString() {
        return "ApiServer(" + address + ")";
    }
}
