package io.jdht.daemon.store;

import io.jdht.crypto.PeerId;
import io.jdht.kad.record.ProviderRecord;
import io.jdht.kad.record.StoreLimits;
import io.jdht.kad.record.StoredRecord;
import io.jdht.multiformats.Cid;
import io.jdht.multiformats.Multihash;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;

/**
 * The child process of the kill -9 and lock tests.
 *
 * <ul>
 *   <li>{@code hold <folder>}: opens the datastore, prints {@code open}, and keeps it open until
 *       its input closes.
 *   <li>{@code burst <folder> <count>}: opens the datastore and, item after item, puts a record,
 *       a provider record and an own provided key (from this one thread, as the DHT thread
 *       would), a state entry and a block (each committed before it returns), waits for
 *       {@code sync()}, and prints {@code ack <i> <block cid>}: item i is
 *       acknowledged. The test kills it somewhere along the way.
 * </ul>
 */
public final class StoreChild {
    static final Instant T = Instant.parse("2030-01-01T00:00:00Z");
    static final PeerId PROVIDER = TestData.peer(42);

    private StoreChild() {}

    static byte[] recordKey(int i) {
        return ("/v/burst/" + i).getBytes(StandardCharsets.UTF_8);
    }

    static byte[] value(int i) {
        return ("value " + i + " " + "x".repeat(i % 200)).getBytes(StandardCharsets.UTF_8);
    }

    static byte[] providerKey(int i) {
        return Multihash.sha2_256(("provided " + i).getBytes(StandardCharsets.UTF_8)).toBytes();
    }

    static byte[] block(int i) {
        return ("block " + i + " " + "b".repeat(i % 1000)).getBytes(StandardCharsets.UTF_8);
    }

    public static void main(String[] args) throws Exception {
        Path folder = Path.of(args[1]);
        // one provider announces every key of the burst: no per-peer quota here, this is about durability
        DatastoreConfig config = DatastoreConfig.DEFAULT.withClock(() -> T).withLimits(StoreLimits.RECORDS,
                DatastoreConfig.PROVIDER_LIMITS.withPerPeer(DatastoreConfig.PROVIDER_LIMITS.maxEntries(),
                        DatastoreConfig.PROVIDER_LIMITS.maxBytes()));
        switch (args[0]) {
            case "hold" -> {
                Datastore ds = Datastore.open(folder, config);
                System.out.println("open");
                System.out.flush();
                while (System.in.read() >= 0) {
                    // wait for the parent to close our input (or to kill us)
                }
                ds.close();
            }
            case "burst" -> {
                int count = Integer.parseInt(args[2]);
                Datastore ds = Datastore.open(folder, config);
                System.out.println("open");
                System.out.flush();
                for (int i = 0; i < count; i++) {
                    ds.records().put(new StoredRecord(recordKey(i), value(i), T));
                    ds.providers().add(providerKey(i), new ProviderRecord(PROVIDER, TestData.addrs(i), T));
                    ds.persistence().renewalLog().provided(providerKey(i), T);
                    ds.state().put("seq/" + (i % 10), Integer.toString(i).getBytes(StandardCharsets.UTF_8)); // name/publish's sequence number
                    Cid cid = ds.blocks().put(block(i)); // returns once committed
                    ds.sync().join();
                    System.out.println("ack " + i + " " + cid);
                    System.out.flush();
                }
                System.out.println("done");
                System.out.flush();
                Thread.sleep(60_000); // not closed: only a kill ends this
            }
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        }
    }
}
