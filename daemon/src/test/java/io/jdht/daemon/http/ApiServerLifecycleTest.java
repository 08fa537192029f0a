package io.jdht.daemon.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdht.net.host.NettyTransport;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Binding, addresses, a shared event loop group, closing. */
@Timeout(60)
class ApiServerLifecycleTest {
    @Test
    void portZeroBindsAFreePortAndReportsIt() throws Exception {
        try (TestApi api = new TestApi()) {
            int port = api.server.address().getPort();
            assertThat(port).isPositive();
            assertThat(api.server.multiaddr().toString()).isEqualTo("/ip4/127.0.0.1/tcp/" + port);
            assertThat(api.post("/api/v0/test/echo?arg=k").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aBusyPortIsAnIOException() throws Exception {
        try (TestApi api = new TestApi()) {
            ApiServerConfig same = ApiServerConfig.builder().listen(api.server.multiaddr()).build();
            assertThatThrownBy(() -> ApiServer.start(same, new ApiRouter())).isInstanceOf(IOException.class);
            assertThat(api.post("/api/v0/test/echo?arg=k").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void notATcpAddressIsRefused() {
        ApiServerConfig udp = ApiServerConfig.builder().listen("/ip4/127.0.0.1/udp/0").build();
        assertThatThrownBy(() -> ApiServer.start(udp, new ApiRouter())).isInstanceOf(IOException.class);
    }

    @Test
    void aSharedGroupOutlivesTheServer() throws Exception {
        EventLoopGroup group = NettyTransport.newEventLoopGroup(1);
        try {
            TestApi api = new TestApi(b -> b.eventLoopGroup(group));
            assertThat(api.post("/api/v0/test/echo?arg=k").statusCode()).isEqualTo(200);
            api.close();
            api.close(); // idempotent
            assertThat(group.isShuttingDown()).isFalse();
            try (TestApi again = new TestApi(b -> b.eventLoopGroup(group))) {
                assertThat(again.post("/api/v0/test/echo?arg=k").statusCode()).isEqualTo(200);
            }
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void commandsCanBeAddedWhileServing() throws Exception {
        try (TestApi api = new TestApi()) {
            assertThat(api.post("/api/v0/version").statusCode()).isEqualTo(404);
            ApiRouter router = api.commands.lastRouter;
            router.add(ApiCommand.of(CommandSpec.builder("version").build(), (req, out) -> {
                out.single(java.util.Map.of("Version", "0.1.0"));
                return null;
            }));
            assertThat(api.post("/api/v0/version").body()).isEqualTo("{\"Version\":\"0.1.0\"}\n");
            assertThat(router.commandPaths()).contains("version", "test/echo");
        }
    }
}
