package io.jdht.node;

import static io.jdht.node.TestNodes.connect;
import static io.jdht.node.TestNodes.join;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.jdht.kad.QueryEvent;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The event-stream form of the operations: order, thread, and a slow listener. */
@Timeout(60)
class DhtEventsTest {
    private final TestNodes nodes = new TestNodes();

    @AfterEach
    void close() {
        nodes.close();
    }

    @Test
    void eventsArriveInOrderOffTheDhtThreadAndBeforeTheResult() {
        Node a = nodes.start();
        Node b = nodes.start();
        connect(a, b);
        List<QueryEvent> events = new CopyOnWriteArrayList<>();
        List<String> threads = new CopyOnWriteArrayList<>();
        join(a.dht().query(b.peerId(), QueryOptions.DEFAULT, e -> {
            events.add(e);
            threads.add(Thread.currentThread().getName());
        }));
        // complete as soon as the future is: nothing may trail the result
        assertThat(events).extracting(QueryEvent::type).startsWith(0).contains(1).endsWith(2);
        assertThat(threads).noneMatch(t -> t.startsWith("jdht-dht-"));
    }

    @Test
    void aListenerThatBlocksDoesNotStallTheNode() throws Exception {
        Node a = nodes.start();
        Node b = nodes.start();
        connect(a, b);
        CountDownLatch release = new CountDownLatch(1);
        var blocked = a.dht().query(b.peerId(), QueryOptions.DEFAULT, e -> {
            try {
                release.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
        });
        // while that listener sits on its first event, the same node still serves other operations
        join(a.dht().put("/test/unblocked".getBytes(UTF_8), "v".getBytes(UTF_8)));
        assertThat(join(b.dht().get("/test/unblocked".getBytes(UTF_8)))).isEqualTo("v".getBytes(UTF_8));
        assertThat(blocked).isNotDone();
        release.countDown();
        assertThat(join(blocked)).isNotEmpty();
    }
}
