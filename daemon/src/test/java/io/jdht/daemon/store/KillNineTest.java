package io.jdht.daemon.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdht.kad.record.ProviderRecord;
import io.jdht.multiformats.Cid;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The durability rule: a child process writes item after item and says which are acknowledged;
 * it is killed with SIGKILL mid-burst; every acknowledged item is in the store afterwards.
 */
@Timeout(120)
class KillNineTest {
    private static final int ACKS_BEFORE_KILL = 300;

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedItemSurvivesKillNine() throws Exception {
        List<Integer> acked = new ArrayList<>();
        List<Cid> cids = new ArrayList<>();
        try (ChildJvm child = new ChildJvm("burst", dir.toString(), "1000000")) {
            assertThat(child.readLine()).isEqualTo("open");
            for (int i = 0; i < ACKS_BEFORE_KILL; i++) {
                String line = child.readLine();
                assertThat(line).as("the child's line %d", i).startsWith("ack ");
                record(line, acked, cids);
            }
            child.kill(); // SIGKILL: no shutdown hook, no close, whatever is mid-write stays so
        }
        assertThat(acked).hasSizeGreaterThanOrEqualTo(ACKS_BEFORE_KILL);

        try (Datastore ds = Datastore.open(dir, DatastoreConfig.DEFAULT.withClock(() -> StoreChild.T))) {
            for (int n = 0; n < acked.size(); n++) {
                int i = acked.get(n);
                assertThat(ds.records().get(StoreChild.recordKey(i), StoreChild.T)).as("record %d", i)
                        .hasValueSatisfying(r -> assertThat(r.value()).isEqualTo(StoreChild.value(i)));
                assertThat(ds.providers().providers(StoreChild.providerKey(i), StoreChild.T)).as("provider record %d", i)
                        .extracting(ProviderRecord::provider).containsExactly(StoreChild.PROVIDER);
                assertThat(ds.blocks().get(cids.get(n))).as("block %d", i).hasValue(StoreChild.block(i));
            }
            java.util.Set<String> provided = new java.util.HashSet<>();
            ds.persistence().savedProvided().forEach(p -> provided.add(java.util.HexFormat.of().formatHex(p.multihash())));
            for (int i : acked) {
                assertThat(provided).as("own provided key %d", i).contains(java.util.HexFormat.of().formatHex(StoreChild.providerKey(i)));
            }
            int last = acked.getLast();
            assertThat(ds.state().get("seq/" + (last % 10)).map(v -> Integer.parseInt(new String(v, java.nio.charset.StandardCharsets.UTF_8))))
                    .as("the last acknowledged sequence number, or a later one").hasValueSatisfying(v -> assertThat(v).isGreaterThanOrEqualTo(last));
            // the child kept going while the test read: it may have saved more than the test saw
            assertThat(ds.loaded().records()).isGreaterThanOrEqualTo(acked.size());
        }
    }

    private static void record(String ackLine, List<Integer> acked, List<Cid> cids) {
        String[] parts = ackLine.split(" ");
        acked.add(Integer.parseInt(parts[1]));
        cids.add(Cid.parse(parts[2]));
    }
}
