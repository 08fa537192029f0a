package io.jdht.kad.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import io.jdht.crypto.PeerId;
import io.jdht.kad.PeerInfo;
import io.jdht.kad.TestPeers;
import io.jdht.kad.pb.DhtProto;
import io.jdht.multiformats.Multiaddr;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The limits the decoder enforces against hostile peers, each checked where it matters: a refused
 * message is refused with a message naming the problem, and a large hostile message costs the
 * decoder little memory (measured as the bytes this thread allocates, which the JVM counts).
 */
class KadCodecLimitsTest {
    private final Random random = new Random(11);

    @FunctionalInterface
    interface Decoding {
        void run() throws Exception;
    }

    /** Bytes the current thread allocates while running {@code r}, exceptions included. */
    private static long allocatedBy(Decoding r) {
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().threadId();
        long before = bean.getThreadAllocatedBytes(thread);
        try {
            r.run();
        } catch (Exception expected) {
            // the tests check the outcome separately
        }
        return bean.getThreadAllocatedBytes(thread) - before;
    }

    private static void field(ByteArrayOutputStream out, int number, byte[] bytes) {
        ByteArrayOutputStream f = new ByteArrayOutputStream();
        try {
            CodedOutputStream c = CodedOutputStream.newInstance(f);
            c.writeByteArray(number, bytes);
            c.flush();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        out.writeBytes(f.toByteArray());
    }

    /** A FIND_NODE request followed by {@code count} two-byte unknown fields (field 15, varint 1). */
    private static byte[] findNodeWithUnknownFields(int count) {
        byte[] head = DhtProto.Message.newBuilder().setType(DhtProto.Message.MessageType.FIND_NODE)
                .setKey(ByteString.copyFrom(new byte[32])).build().toByteArray();
        byte[] out = java.util.Arrays.copyOf(head, head.length + 2 * count);
        for (int i = head.length; i < out.length; i += 2) {
            out[i] = (byte) (15 << 3);
            out[i + 1] = 1;
        }
        return out;
    }

    @Test
    void aFewUnknownFieldsAreSkippedButAFloodOfThemIsRefused() throws Exception {
        // rust-libp2p adds publisher (666) and ttl (777) to Record: such a record must still decode
        DhtProto.Record.Builder record = DhtProto.Record.newBuilder().setKey(ByteString.copyFromUtf8("/v/k"))
                .setValue(ByteString.copyFromUtf8("v"));
        ByteArrayOutputStream rec = new ByteArrayOutputStream();
        rec.writeBytes(record.build().toByteArray());
        field(rec, 666, new byte[] {1, 2, 3});
        rec.writeBytes(new byte[] {(byte) 0xc8, 0x30, 60}); // field 777, varint 60
        ByteArrayOutputStream msg = new ByteArrayOutputStream();
        msg.writeBytes(new byte[] {0x08, 0x01}); // GET_VALUE
        field(msg, 3, rec.toByteArray());
        KadMessage rust = KadCodec.decode(msg.toByteArray());
        assertThat(rust.record().orElseThrow().value()).isEqualTo("v".getBytes(StandardCharsets.UTF_8));

        byte[] sixteen = findNodeWithUnknownFields(KadCodec.MAX_UNKNOWN_FIELDS);
        assertThat(KadCodec.decodeRequest(sixteen).type()).isEqualTo(KadMessage.MessageType.FIND_NODE);
        byte[] seventeen = findNodeWithUnknownFields(KadCodec.MAX_UNKNOWN_FIELDS + 1);
        assertThatThrownBy(() -> KadCodec.decodeRequest(seventeen)).isInstanceOf(KadMessageException.class)
                .hasMessageContaining("more than 16 unknown fields");
    }

    @Test
    void fourMebibytesOfUnknownFieldsAreRefusedWithoutBuildingThem() {
        byte[] hostile = findNodeWithUnknownFields((KadCodec.MAX_MESSAGE_BYTES - 36) / 2);
        assertThat(hostile).hasSize(KadCodec.MAX_MESSAGE_BYTES);
        // the first call loads classes and links string concatenation; measure the second
        allocatedBy(() -> KadCodec.decodeRequest(hostile));
        assertThatThrownBy(() -> KadCodec.decodeRequest(hostile)).isInstanceOf(KadMessageException.class)
                .hasMessageContaining("unknown fields");
        assertThatThrownBy(() -> KadCodec.decode(hostile)).isInstanceOf(KadMessageException.class)
                .hasMessageContaining("unknown fields");
        // about two million fields: one object each would be well over 64 MiB
        assertThat(allocatedBy(() -> KadCodec.decodeRequest(hostile))).isLessThan(256 << 10);
        assertThat(allocatedBy(() -> KadCodec.decode(hostile))).isLessThan(256 << 10);
    }

    private DhtProto.Message.Peer rawPeer(PeerId id, Multiaddr... addrs) {
        DhtProto.Message.Peer.Builder b = DhtProto.Message.Peer.newBuilder().setId(ByteString.copyFrom(id.toBytes()));
        for (Multiaddr a : addrs) {
            b.addAddrs(ByteString.copyFrom(a.toBytes()));
        }
        return b.build();
    }

    @Test
    void aRequestNamesAFewPeersAtMost() throws Exception {
        byte[] mh = TestPeers.randomPeer(random).toBytes();
        DhtProto.Message.Builder add = DhtProto.Message.newBuilder().setType(DhtProto.Message.MessageType.ADD_PROVIDER)
                .setKey(ByteString.copyFrom(mh));
        for (int i = 0; i < KadCodec.MAX_REQUEST_PEERS; i++) {
            add.addProviderPeers(rawPeer(TestPeers.randomPeer(random), TestPeers.privateAddress(i)));
        }
        assertThat(KadCodec.decodeRequest(add.build().toByteArray()).providerPeers()).hasSize(KadCodec.MAX_REQUEST_PEERS);
        byte[] nine = add.addProviderPeers(rawPeer(TestPeers.randomPeer(random))).build().toByteArray();
        assertThatThrownBy(() -> KadCodec.decodeRequest(nine)).isInstanceOf(KadMessageException.class)
                .hasMessageContaining("kad request carries more than 8");
        // as an answer the same bytes are fine: answers carry many providers
        assertThat(KadCodec.decode(nine).providerPeers()).hasSize(KadCodec.MAX_REQUEST_PEERS + 1);

        // closer peers count too, though no request uses them
        DhtProto.Message.Builder find = DhtProto.Message.newBuilder().setType(DhtProto.Message.MessageType.FIND_NODE)
                .setKey(ByteString.copyFrom(mh));
        for (int i = 0; i <= KadCodec.MAX_REQUEST_PEERS; i++) {
            find.addCloserPeers(rawPeer(TestPeers.randomPeer(random)));
        }
        assertThatThrownBy(() -> KadCodec.decodeRequest(find.build().toByteArray())).isInstanceOf(KadMessageException.class)
                .hasMessageContaining("more than 8 closer peers");
    }

    @Test
    void aRequestKeepsProvidersForAddProviderOnlyAndNeverReadsCloserPeers() throws Exception {
        PeerInfo me = TestPeers.info(TestPeers.randomPeer(random), 1);
        byte[] mh = TestPeers.randomPeer(random).toBytes();
        KadMessage add = KadCodec.decodeRequest(KadCodec.encode(KadMessage.addProvider(mh, me)));
        assertThat(add.providerPeers()).containsExactly(me);

        KadMessage odd = new KadMessage(KadMessage.MessageType.GET_PROVIDERS, mh, Optional.empty(), List.of(me), List.of(me));
        KadMessage decoded = KadCodec.decodeRequest(KadCodec.encode(odd));
        assertThat(decoded.closerPeers()).isEmpty();
        assertThat(decoded.providerPeers()).isEmpty();
        // the answer path reads both
        assertThat(KadCodec.decode(KadCodec.encode(odd)).closerPeers()).containsExactly(me);
    }

    @Test
    void anAnswerWithMoreThan100CloserPeersIsRefused() throws Exception {
        List<PeerInfo> peers = new ArrayList<>();
        for (int i = 0; i < KadCodec.MAX_CLOSER_ENTRIES; i++) {
            peers.add(TestPeers.info(TestPeers.randomPeer(random), i));
        }
        KadMessage hundred = KadMessage.findNode(new byte[] {1}).answer(Optional.empty(), peers, List.of());
        assertThat(KadCodec.decode(KadCodec.encode(hundred)).closerPeers()).hasSize(KadCodec.MAX_PEERS);
        peers.add(TestPeers.info(TestPeers.randomPeer(random), 1000));
        byte[] more = KadCodec.encode(KadMessage.findNode(new byte[] {1}).answer(Optional.empty(), peers, List.of()));
        assertThatThrownBy(() -> KadCodec.decode(more)).isInstanceOf(KadMessageException.class)
                .hasMessageContaining("kad answer carries more than 100 closer peers");
    }

    @Test
    void providersPastTheCapAreSkippedUnread() throws Exception {
        // ~4 MiB of providers, all valid: only the first 200 are read, the rest cost nothing
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0x08, 0x03}); // GET_PROVIDERS
        byte[] one = rawPeer(TestPeers.randomPeer(random), TestPeers.privateAddress(1)).toByteArray();
        while (out.size() + one.length + 2 < KadCodec.MAX_MESSAGE_BYTES) {
            field(out, 9, one);
        }
        byte[] wire = out.toByteArray();
        int entries = (wire.length - 2) / (one.length + 2);
        assertThat(entries).isGreaterThan(50_000);
        KadMessage m = KadCodec.decode(wire);
        assertThat(m.providerPeers()).hasSize(KadCodec.MAX_PROVIDERS);
        KadCodec.decode(wire);
        // building every entry would allocate far more than the message; 200 peers need little
        assertThat(allocatedBy(() -> KadCodec.decode(wire))).isLessThan(1 << 20);
    }

    @Test
    void recordKeysAndReceiptTimesAreShort() {
        byte[] longKey = DhtProto.Message.newBuilder().setRecord(DhtProto.Record.newBuilder()
                .setKey(ByteString.copyFrom(new byte[KadCodec.MAX_KEY_BYTES + 1]))).build().toByteArray();
        assertThatThrownBy(() -> KadCodec.decode(longKey)).isInstanceOf(KadMessageException.class)
                .hasMessageContaining("record key of 1025 bytes");
        byte[] longTime = DhtProto.Message.newBuilder().setRecord(DhtProto.Record.newBuilder()
                .setTimeReceived("x".repeat(KadCodec.MAX_TIME_RECEIVED_BYTES + 1))).build().toByteArray();
        assertThatThrownBy(() -> KadCodec.decode(longTime)).isInstanceOf(KadMessageException.class)
                .hasMessageContaining("timeReceived of 65 bytes");
    }

    @Test
    void groupsAreRefused() {
        // field 11 as an empty group: valid protobuf, but nothing in kad is a group
        byte[] group = {0x08, 0x05, 0x5b, 0x5c};
        assertThatThrownBy(() -> KadCodec.decode(group)).isInstanceOf(KadMessageException.class)
                .hasMessageContaining("group");
    }
}
