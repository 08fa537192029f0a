package io.jdht.bench.micro;

import io.jdht.kad.PeerInfo;
import io.jdht.kad.wire.KadCodec;
import io.jdht.kad.wire.KadMessage;
import io.jdht.kad.wire.KadMessageException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The kad wire codec on the two messages a DHT server handles most: a FIND_NODE answer naming
 * k = 20 peers with two addresses each (every lookup step reads one), and a PUT_VALUE carrying a
 * ~300-byte record (what a provider or IPNS publisher sends to each of the 20 closest peers).
 * Encoding goes through the generated protobuf classes, decoding through the bounded hand-written
 * reader, so the two directions cost differently. On the wire the answer is 1,342 bytes and the
 * PUT_VALUE 398.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = "-XX:+UseCompactObjectHeaders")
public class KadCodecBench {
    private KadMessage findNodeAnswer;
    private byte[] findNodeAnswerBytes;
    private KadMessage putValue;
    private byte[] putValueBytes;

    @Setup
    public void setUp() throws KadMessageException {
        Random random = new Random(10);
        List<PeerInfo> closer = Fixtures.wirePeers(random, 20);
        byte[] target = closer.get(0).id().toBytes();
        findNodeAnswer = KadMessage.findNode(target).answer(Optional.empty(), closer, List.of());
        findNodeAnswerBytes = KadCodec.encode(findNodeAnswer);

        // an /ipns/ key (the namespace and a 38-byte peer id) with a 300-byte value
        byte[] prefix = "/ipns/".getBytes(StandardCharsets.UTF_8);
        byte[] id = closer.get(1).id().toBytes();
        byte[] key = new byte[prefix.length + id.length];
        System.arraycopy(prefix, 0, key, 0, prefix.length);
        System.arraycopy(id, 0, key, prefix.length, id.length);
        byte[] value = new byte[300];
        random.nextBytes(value);
        putValue = KadMessage.putValue(key, value);
        putValueBytes = KadCodec.encode(putValue);

        // refuse to measure a message the codec would not take back as it was
        if (KadCodec.decode(findNodeAnswerBytes).closerPeers().size() != 20
                || KadCodec.decodeRequest(putValueBytes).record().orElseThrow().value().length != 300) {
            throw new IllegalStateException("the benchmark's messages do not round-trip");
        }
    }

    /** Bytes on the wire of each message, for the report. */
    public int findNodeAnswerSize() {
        return findNodeAnswerBytes.length;
    }

    public int putValueSize() {
        return putValueBytes.length;
    }

    @Benchmark
    public byte[] encodeFindNodeAnswer() {
        return KadCodec.encode(findNodeAnswer);
    }

    /** Read as the answer to our request it is: peers are parsed into ids and multiaddrs. */
    @Benchmark
    public KadMessage decodeFindNodeAnswer() throws KadMessageException {
        return KadCodec.decode(findNodeAnswerBytes);
    }

    @Benchmark
    public byte[] encodePutValue() {
        return KadCodec.encode(putValue);
    }

    /** Read as a server reads a request a peer sent it. */
    @Benchmark
    public KadMessage decodePutValue() throws KadMessageException {
        return KadCodec.decodeRequest(putValueBytes);
    }
}
