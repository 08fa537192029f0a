package io.jdht.node;

import static io.jdht.node.TestNodes.join;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.jdht.kad.DhtException;
import io.jdht.kad.KadConfig;
import io.jdht.kad.record.StoreLimits;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A node builds its own stores with the limits its KadConfig names. */
@Timeout(30)
class StoreLimitsConfigTest {
    private final TestNodes nodes = new TestNodes();

    @AfterEach
    void close() {
        nodes.close();
    }

    @Test
    void theDefaultRecordStoreHoldsWhatTheConfigAllows() {
        KadConfig tiny = KadConfig.DEFAULT.withStoreLimits(StoreLimits.RECORDS.withMaxEntries(1), StoreLimits.PROVIDERS);
        Node a = nodes.start(Node.builder().kadConfig(tiny));
        assertThat(join(a.dht().putAndCount("/test/one".getBytes(UTF_8), "v".getBytes(UTF_8), QueryOptions.DEFAULT,
                e -> {}))).isZero(); // no peers: stored here only
        Throwable refused = join(a.dht().put("/test/two".getBytes(UTF_8), "v".getBytes(UTF_8))
                .handle((v, e) -> e instanceof CompletionException ce ? ce.getCause() : e));
        assertThat(refused).isInstanceOf(DhtException.InvalidRecord.class)
                .hasMessage("put \"/test/two\": this node's record store is full: record store is full (1 records)");
    }
}
