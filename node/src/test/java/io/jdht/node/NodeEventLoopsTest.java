package io.jdht.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdht.net.host.NettyTransport;
import io.netty.channel.EventLoopGroup;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Nodes of one process run on shared event loops, not a group each: the threads and allocator
 * caches of a group per node made memory grow with the number of nodes.
 */
@Timeout(60)
class NodeEventLoopsTest {
    private final TestNodes nodes = new TestNodes();

    @AfterEach
    void close() {
        nodes.close();
    }

    @Test
    void nodesOfOneProcessShareTheirEventLoops() {
        Node a = nodes.start();
        Node b = nodes.start();
        TestNodes.connect(a, b);
        assertThat(a.host().eventLoopGroup()).isSameAs(b.host().eventLoopGroup());
    }

    @Test
    void aGroupGivenToTheBuilderIsUsedAndLeftRunning() {
        EventLoopGroup group = NettyTransport.newEventLoopGroup(1);
        try {
            Node a = nodes.start(Node.builder().eventLoopGroup(group));
            Node b = nodes.start(Node.builder().eventLoopGroup(group));
            TestNodes.connect(a, b);
            assertThat(a.host().eventLoopGroup()).isSameAs(group);
            a.close();
            b.close();
            assertThat(group.isShuttingDown()).isFalse();
            // and it still serves a node made afterwards
            Node c = nodes.start(Node.builder().eventLoopGroup(group));
            assertThat(c.addresses()).isNotEmpty();
        } finally {
            nodes.close();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
        }
    }
}
