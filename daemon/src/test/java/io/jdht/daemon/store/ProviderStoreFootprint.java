package io.jdht.daemon.store;

import io.jdht.crypto.PeerId;
import io.jdht.kad.record.InMemoryProviderStore;
import io.jdht.kad.record.ProviderRecord;
import io.jdht.kad.record.StoreLimits;
import io.jdht.multiformats.Multiaddr;
import io.jdht.multiformats.Multihash;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;

/**
 * Measures the heap one provider record costs in the in-memory provider store the datastore
 * loads into: the heap in use after a full GC, before and after adding a million records. Not a
 * test (it needs a quiet JVM); run it by hand:
 *
 * <pre>java -Xmx2g -cp &lt;daemon test classpath&gt; io.jdht.daemon.store.ProviderStoreFootprint [records] [providers]</pre>
 *
 * <p>Each record is a fresh 34-byte multihash key from a random provider among {@code providers}
 * (each peer id 38 bytes, an identity multihash of an Ed25519 key, with two addresses). With as
 * many providers as records, every record brings its own peer id and addresses: the worst case.
 * A DHT server sees far fewer providers than records, each announcing many keys from the same
 * addresses.
 */
public final class ProviderStoreFootprint {
    private ProviderStoreFootprint() {}

    public static void main(String[] args) {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int providerCount = args.length > 1 ? Integer.parseInt(args[1]) : records;
        Random random = new Random(1);
        Instant t = Instant.parse("2030-01-01T00:00:00Z");
        long before = usedAfterGc();
        // limits out of the way: this measures the layout, not the caps
        InMemoryProviderStore store = new InMemoryProviderStore(Duration.ofHours(48), Duration.ofHours(24), 20,
                new StoreLimits(records, Long.MAX_VALUE, records, Long.MAX_VALUE));
        for (int i = 0; i < records; i++) {
            int p = providerCount == records ? i : random.nextInt(providerCount);
            byte[] digest = new byte[32];
            random.nextBytes(digest);
            // a new record arrives decoded from the wire: its own peer id and address objects
            ProviderRecord r = new ProviderRecord(peer(p), addresses(p), t.plusMillis(i));
            store.add(Multihash.sha2_256(digest).toBytes(), r);
        }
        long after = usedAfterGc();
        System.out.printf("%,d provider records from %,d providers: %,d bytes of heap, %,d bytes per record;"
                + " the store's estimate %,d bytes per record%n",
                records, providerCount, after - before, (after - before) / records, store.bytes() / records);
        if (store.keyCount() != records) {
            throw new AssertionError("expected " + records + " keys, got " + store.keyCount());
        }
    }

    private static PeerId peer(int n) {
        byte[] key = new byte[36]; // the protobuf of an Ed25519 public key: 4 bytes of header, 32 of key
        key[0] = 0x08;
        key[1] = 0x01;
        key[2] = 0x12;
        key[3] = 0x20;
        ByteBuffer.wrap(key, 4, 32).putInt(n).putInt(n * 31).putInt(~n);
        return new PeerId(Multihash.of(0x00, key));
    }

    private static List<Multiaddr> addresses(int n) {
        String ip = (n >>> 24 & 0x7f | 1) + "." + (n >>> 16 & 0xff) + "." + (n >>> 8 & 0xff) + "." + (n & 0xff);
        return List.of(Multiaddr.parse("/ip4/" + ip + "/tcp/4001"), Multiaddr.parse("/ip4/" + ip + "/udp/4001/quic-v1"));
    }

    private static long usedAfterGc() {
        for (int i = 0; i < 4; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
