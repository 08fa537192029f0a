package io.jdht.kad.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.jdht.crypto.PeerId;
import io.jdht.kad.PeerInfo;
import io.jdht.kad.TestPeers;
import io.jdht.kad.pb.DhtProto;
import io.jdht.multiformats.Multiaddr;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class KadCodecTest {
    private final Random random = new Random(5);

    /** KadMessage is a record of arrays: compare it field by field. */
    static void assertSameMessage(KadMessage actual, KadMessage expected) {
        assertThat(actual.type()).isEqualTo(expected.type());
        assertThat(actual.key()).isEqualTo(expected.key());
        assertThat(actual.record().isPresent()).isEqualTo(expected.record().isPresent());
        actual.record().ifPresent(r -> {
            assertThat(r.key()).isEqualTo(expected.record().get().key());
            assertThat(r.value()).isEqualTo(expected.record().get().value());
            assertThat(r.timeReceived()).isEqualTo(expected.record().get().timeReceived());
        });
        assertThat(actual.closerPeers()).isEqualTo(expected.closerPeers());
        assertThat(actual.providerPeers()).isEqualTo(expected.providerPeers());
    }

    private PeerInfo peer(String... addrs) {
        return new PeerInfo(TestPeers.randomPeer(random), java.util.Arrays.stream(addrs).map(Multiaddr::parse).toList());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @EnumSource(KadMessage.MessageType.class)
    void everyTypeRoundTripsWithEveryField(KadMessage.MessageType type) throws Exception {
        KadMessage m = new KadMessage(type, bytes("/v/some-key"),
                Optional.of(new KadMessage.DhtRecord(bytes("/v/some-key"), new byte[] {0, 1, 2, (byte) 0xff}, "2030-01-01T00:00:00Z")),
                List.of(peer("/ip4/1.2.3.4/tcp/4001", "/ip6/::1/udp/4001/quic-v1"), peer()),
                List.of(peer("/dns4/example.com/tcp/443/wss")));
        assertSameMessage(KadCodec.decode(KadCodec.encode(m)), m);
    }

    @Test
    void theFactoriesRoundTrip() throws Exception {
        PeerInfo me = peer("/ip4/8.8.8.8/tcp/4001");
        byte[] mh = TestPeers.randomPeer(random).toBytes();
        List<KadMessage> all = List.of(
                KadMessage.findNode(mh), KadMessage.getValue(bytes("/pk/x")), KadMessage.getProviders(mh),
                KadMessage.ping(), KadMessage.putValue(bytes("/v/k"), bytes("value")), KadMessage.addProvider(mh, me),
                KadMessage.findNode(mh).answer(Optional.empty(), List.of(me, peer("/ip4/10.0.0.1/tcp/1")), List.of()),
                KadMessage.getValue(bytes("/v/k")).answer(Optional.of(new KadMessage.DhtRecord(bytes("/v/k"), new byte[0], "")),
                        List.of(), List.of()));
        for (KadMessage m : all) {
            byte[] encoded = KadCodec.encode(m);
            KadMessage decoded = KadCodec.decode(encoded);
            assertSameMessage(decoded, m);
            assertThat(KadCodec.encode(decoded)).isEqualTo(encoded);
            assertThat(KadCodec.encodedSize(m)).as("encodedSize of %s", m.type()).isEqualTo(encoded.length);
        }
    }

    @Test
    void encodedSizeCountsWhatEncodeWrites() {
        KadMessage big = KadMessage.getValue(bytes("/v/some-key")).answer(
                Optional.of(new KadMessage.DhtRecord(bytes("/v/some-key"), new byte[300], "2030-01-01T00:00:00Z")),
                java.util.stream.IntStream.range(0, 20).mapToObj(i -> peer("/ip4/1.2.3." + i + "/tcp/4001",
                        "/ip6/::1/udp/4001/quic-v1")).toList(),
                List.of(peer("/dns4/example.com/tcp/443/wss"), peer()));
        assertThat(KadCodec.encodedSize(big)).isEqualTo(KadCodec.encode(big).length);
        assertThat(KadCodec.encodedSize(KadMessage.ping())).isEqualTo(KadCodec.encode(KadMessage.ping()).length);
    }

    @Test
    void emptyInputIsAPutValueWithNothing() throws Exception {
        // proto3: all fields default; type 0 is PUT_VALUE
        KadMessage m = KadCodec.decode(new byte[0]);
        assertThat(m.type()).isEqualTo(KadMessage.MessageType.PUT_VALUE);
        assertThat(m.key()).isEmpty();
        assertThat(m.record()).isEmpty();
    }

    private static DhtProto.Message.Peer rawPeer(byte[] id, byte[]... addrs) {
        DhtProto.Message.Peer.Builder b = DhtProto.Message.Peer.newBuilder().setId(ByteString.copyFrom(id));
        for (byte[] a : addrs) {
            b.addAddrs(ByteString.copyFrom(a));
        }
        return b.build();
    }

    @Test
    void peersWithInvalidIdsAreDropped() throws Exception {
        PeerId good = TestPeers.randomPeer(random);
        byte[] addr = Multiaddr.parse("/ip4/1.2.3.4/tcp/1").toBytes();
        byte[] wire = DhtProto.Message.newBuilder()
                .setType(DhtProto.Message.MessageType.FIND_NODE)
                .addCloserPeers(rawPeer(new byte[] {1, 2, 3}, addr))
                .addCloserPeers(rawPeer(good.toBytes(), addr))
                .addCloserPeers(rawPeer(new byte[0], addr))
                // a sha2-256 multihash with a short digest is no peer id
                .addCloserPeers(rawPeer(new byte[] {0x12, 0x02, 1, 2}, addr))
                .addProviderPeers(rawPeer(new byte[] {(byte) 0xff}))
                .build().toByteArray();
        KadMessage m = KadCodec.decode(wire);
        assertThat(m.closerPeers()).extracting(PeerInfo::id).containsExactly(good);
        assertThat(m.providerPeers()).isEmpty();
    }

    @Test
    void invalidAddressesAreDroppedButThePeerKept() throws Exception {
        PeerId id = TestPeers.randomPeer(random);
        Multiaddr ok = Multiaddr.parse("/ip4/1.2.3.4/tcp/1");
        byte[] wire = DhtProto.Message.newBuilder()
                .setType(DhtProto.Message.MessageType.GET_PROVIDERS)
                .addProviderPeers(rawPeer(id.toBytes(), new byte[] {(byte) 0xff, (byte) 0xff, 0x03}, ok.toBytes(), new byte[0],
                        new byte[] {0x04, 1, 2}))
                .addCloserPeers(rawPeer(id.toBytes(), new byte[] {0x7f}))
                .build().toByteArray();
        KadMessage m = KadCodec.decode(wire);
        assertThat(m.providerPeers()).containsExactly(new PeerInfo(id, List.of(ok)));
        assertThat(m.closerPeers()).containsExactly(new PeerInfo(id, List.of()));
    }

    @Test
    void moreThan40CloserPeersAreTruncated() throws Exception {
        List<PeerInfo> many = new ArrayList<>();
        for (int i = 0; i < 55; i++) {
            many.add(TestPeers.info(TestPeers.randomPeer(random), i));
        }
        KadMessage m = KadMessage.findNode(new byte[] {1}).answer(Optional.empty(), many, List.of());
        KadMessage decoded = KadCodec.decode(KadCodec.encode(m));
        assertThat(decoded.closerPeers()).hasSize(KadCodec.MAX_PEERS).containsExactlyElementsOf(many.subList(0, 40));
    }

    @Test
    void providersAreCappedAndAddressesPerPeerToo() throws Exception {
        List<PeerInfo> many = new ArrayList<>();
        for (int i = 0; i < KadCodec.MAX_PROVIDERS + 5; i++) {
            many.add(TestPeers.info(TestPeers.randomPeer(random), i));
        }
        List<Multiaddr> addrs = new ArrayList<>();
        for (int i = 0; i < KadCodec.MAX_ADDRESSES + 3; i++) {
            addrs.add(TestPeers.privateAddress(i));
        }
        PeerInfo busy = new PeerInfo(TestPeers.randomPeer(random), addrs);
        KadMessage m = KadMessage.getProviders(new byte[] {1}).answer(Optional.empty(), List.of(busy), many);
        KadMessage decoded = KadCodec.decode(KadCodec.encode(m));
        assertThat(decoded.providerPeers()).hasSize(KadCodec.MAX_PROVIDERS);
        assertThat(decoded.closerPeers().getFirst().addresses()).hasSize(KadCodec.MAX_ADDRESSES)
                .containsExactlyElementsOf(addrs.subList(0, KadCodec.MAX_ADDRESSES));
    }

    @Test
    void oversizedMessagesAreRejected() {
        assertThatThrownBy(() -> KadCodec.decode(new byte[KadCodec.MAX_MESSAGE_BYTES + 1]))
                .isInstanceOf(KadMessageException.class).hasMessageContaining("4 MiB");
        // and not encoded either
        byte[] value = new byte[KadCodec.MAX_MESSAGE_BYTES];
        assertThatThrownBy(() -> KadCodec.encode(KadMessage.putValue(new byte[] {1}, value)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aMessageOfExactlyTheLimitIsRead() throws Exception {
        // a record value sized so that the whole message is 4 MiB
        byte[] key = {1};
        int overhead = KadCodec.encode(KadMessage.putValue(key, new byte[KadCodec.MAX_MESSAGE_BYTES - 100])).length
                - (KadCodec.MAX_MESSAGE_BYTES - 100);
        byte[] value = new byte[KadCodec.MAX_MESSAGE_BYTES - overhead];
        byte[] encoded = KadCodec.encode(KadMessage.putValue(key, value));
        assertThat(encoded).hasSize(KadCodec.MAX_MESSAGE_BYTES);
        assertThat(KadCodec.decode(encoded).record().orElseThrow().value()).hasSize(value.length);
    }

    @Test
    void unknownMessageTypesAreRejected() {
        byte[] type6 = {0x08, 0x06};
        assertThatThrownBy(() -> KadCodec.decode(type6)).isInstanceOf(KadMessageException.class)
                .hasMessageContaining("unknown kad message type 6");
        byte[] negative = DhtProto.Message.newBuilder().setTypeValue(-1).build().toByteArray();
        assertThatThrownBy(() -> KadCodec.decode(negative)).isInstanceOf(KadMessageException.class);
    }

    @Test
    void overlongKeysAndMalformedProtobufAreRejected() {
        byte[] longKey = DhtProto.Message.newBuilder().setKey(ByteString.copyFrom(new byte[KadCodec.MAX_KEY_BYTES + 1]))
                .build().toByteArray();
        assertThatThrownBy(() -> KadCodec.decode(longKey)).isInstanceOf(KadMessageException.class);
        assertThatThrownBy(() -> KadCodec.decode(new byte[] {0x12, 0x05, 1})).as("truncated key")
                .isInstanceOf(KadMessageException.class);
        assertThatThrownBy(() -> KadCodec.decode(new byte[] {(byte) 0xff})).as("bad tag")
                .isInstanceOf(KadMessageException.class);
        // a record whose timeReceived is not UTF-8 (proto3 strings must be)
        byte[] badString = {0x1a, 0x03, 0x2a, 0x01, (byte) 0xff};
        assertThatThrownBy(() -> KadCodec.decode(badString)).isInstanceOf(KadMessageException.class);
    }

    @Test
    void unknownFieldsAreIgnored() throws Exception {
        byte[] wire = DhtProto.Message.newBuilder().setType(DhtProto.Message.MessageType.PING).setClusterLevelRaw(7)
                .build().toByteArray();
        byte[] withUnknown = java.util.Arrays.copyOf(wire, wire.length + 2);
        withUnknown[wire.length] = (byte) (99 << 3); // field 99, varint
        withUnknown[wire.length + 1] = 1;
        assertThat(KadCodec.decode(withUnknown).type()).isEqualTo(KadMessage.MessageType.PING);
    }
}
