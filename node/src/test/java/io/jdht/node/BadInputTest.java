package io.jdht.node;

import static io.jdht.node.TestNodes.join;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.jdht.crypto.KeyType;
import io.jdht.crypto.PeerId;
import io.jdht.crypto.PrivateKey;
import io.jdht.kad.PeerInfo;
import io.jdht.kad.wire.KadCodec;
import io.jdht.kad.wire.KadMessage;
import io.jdht.multiformats.Multihash;
import io.jdht.multiformats.Varint;
import io.jdht.net.framing.VarintFrameDecoder;
import io.jdht.net.host.Host;
import io.jdht.net.host.HostConfig;
import io.jdht.net.host.Stream;
import io.jdht.node.protocol.KadProtocol;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.io.ByteArrayOutputStream;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A raw libp2p peer sends the node bad kad traffic: each bad stream is closed (or the bad request
 * ignored), nothing bad is stored, and the node goes on answering good requests.
 */
@Timeout(60)
class BadInputTest {
    private final TestNodes nodes = new TestNodes();
    private Node node;
    private Host raw;

    @BeforeEach
    void start() {
        node = nodes.start();
        raw = Host.create(HostConfig.builder(PrivateKey.generate(KeyType.ED25519, new SecureRandom()))
                .listen("/ip4/127.0.0.1/tcp/0").build());
        join(raw.start());
        join(raw.connect(node.addresses().getFirst()));
    }

    @AfterEach
    void stop() {
        raw.close();
        nodes.close();
    }

    /** A kad stream from the raw peer, with the frames it receives in a queue. */
    private record RawStream(Channel channel, BlockingQueue<KadMessage> answers) {
        void send(byte[] bytes) {
            channel.writeAndFlush(Unpooled.wrappedBuffer(bytes)).syncUninterruptibly();
        }

        void sendMessage(KadMessage m) {
            byte[] body = KadCodec.encode(m);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(Varint.encode(body.length));
            out.writeBytes(body);
            send(out.toByteArray());
        }

        KadMessage answer() throws InterruptedException {
            KadMessage m = answers.poll(10, TimeUnit.SECONDS);
            assertThat(m).as("an answer").isNotNull();
            return m;
        }

        boolean closesWithin(long seconds) throws InterruptedException {
            return channel.closeFuture().await(seconds, TimeUnit.SECONDS);
        }
    }

    private RawStream open() {
        Stream s = join(raw.newStream(node.peerId(), List.of(KadProtocol.ID)));
        BlockingQueue<KadMessage> answers = new LinkedBlockingQueue<>();
        s.channel().eventLoop().submit(() -> s.channel().pipeline().addLast(
                new VarintFrameDecoder(KadCodec.MAX_MESSAGE_BYTES),
                new SimpleChannelInboundHandler<ByteBuf>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf msg) throws Exception {
                        answers.add(KadCodec.decode(ByteBufUtil.getBytes(msg)));
                    }
                })).syncUninterruptibly();
        return new RawStream(s.channel(), answers);
    }

    private void nodeStillAnswers() throws InterruptedException {
        RawStream s = open();
        s.sendMessage(KadMessage.findNode(node.peerId().toBytes()));
        KadMessage answer = s.answer();
        assertThat(answer.type()).isEqualTo(KadMessage.MessageType.FIND_NODE);
        assertThat(answer.closerPeers()).extracting(PeerInfo::id).contains(node.peerId());
    }

    @Test
    void severalRequestsOnOneStreamAreAnsweredInOrder() throws Exception {
        RawStream s = open();
        s.sendMessage(KadMessage.ping());
        s.sendMessage(KadMessage.findNode(node.peerId().toBytes()));
        s.sendMessage(KadMessage.getValue("/test/none".getBytes(UTF_8)));
        assertThat(s.answer().type()).isEqualTo(KadMessage.MessageType.PING);
        assertThat(s.answer().type()).isEqualTo(KadMessage.MessageType.FIND_NODE);
        KadMessage get = s.answer();
        assertThat(get.type()).isEqualTo(KadMessage.MessageType.GET_VALUE);
        assertThat(get.record()).isEmpty();
    }

    @Test
    void malformedMessageClosesTheStreamOnly() throws Exception {
        RawStream s = open();
        s.send(new byte[] {5, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff});
        assertThat(s.closesWithin(10)).isTrue();
        nodeStillAnswers();
    }

    @Test
    void oversizedFrameClosesTheStreamOnly() throws Exception {
        RawStream s = open();
        s.send(Varint.encode(KadCodec.MAX_MESSAGE_BYTES + 1));
        s.send(new byte[1024]);
        assertThat(s.closesWithin(10)).isTrue();
        nodeStillAnswers();
    }

    @Test
    void invalidPublicKeyRecordIsRefusedAndNotStored() throws Exception {
        PrivateKey other = PrivateKey.generate(KeyType.ED25519, new SecureRandom());
        PrivateKey liar = PrivateKey.generate(KeyType.ED25519, new SecureRandom());
        byte[] key = pkKey(PeerId.fromPublicKey(other.publicKey()));
        RawStream s = open();
        s.sendMessage(KadMessage.putValue(key, liar.publicKey().marshal()));
        assertThat(s.closesWithin(10)).isTrue();
        RawStream check = open();
        check.sendMessage(KadMessage.getValue(key));
        assertThat(check.answer().record()).isEmpty();

        // the matching key is accepted, and echoed back
        RawStream good = open();
        good.sendMessage(KadMessage.putValue(key, other.publicKey().marshal()));
        assertThat(good.answer().record()).isPresent();
    }

    @Test
    void addProviderNamingAnotherPeerIsIgnoredAndNeverAnswered() throws Exception {
        byte[] mh = Multihash.sha2_256("content".getBytes(UTF_8)).toBytes();
        PeerId someoneElse = PeerId.fromPublicKey(PrivateKey.generate(KeyType.ED25519, new SecureRandom()).publicKey());
        RawStream s = open();
        s.sendMessage(KadMessage.addProvider(mh, new PeerInfo(someoneElse, raw.listenAddresses())));
        s.sendMessage(KadMessage.addProvider(mh, new PeerInfo(raw.peerId(), raw.listenAddresses())));
        s.sendMessage(KadMessage.getProviders(mh));
        KadMessage answer = s.answer(); // the first frame back answers GET_PROVIDERS: ADD_PROVIDER got no reply
        assertThat(answer.type()).isEqualTo(KadMessage.MessageType.GET_PROVIDERS);
        assertThat(answer.providerPeers()).extracting(PeerInfo::id).containsExactly(raw.peerId());
    }

    @Test
    void aFloodOfRequestsOnOneStreamIsCutOffAndTheNodeKeepsServing() throws Exception {
        RawStream s = open();
        byte[] body = KadCodec.encode(KadMessage.findNode(new byte[32]));
        ByteArrayOutputStream burst = new ByteArrayOutputStream();
        for (int i = 0; i < 5_000; i++) {
            burst.writeBytes(Varint.encode(body.length));
            burst.writeBytes(body);
        }
        s.channel().writeAndFlush(Unpooled.wrappedBuffer(burst.toByteArray()));
        assertThat(s.closesWithin(20)).isTrue();
        assertThat(s.answers().size()).isLessThan(5_000);
        nodeStillAnswers();
    }

    private static byte[] pkKey(PeerId peer) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("/pk/".getBytes(UTF_8));
        out.writeBytes(peer.toBytes());
        return out.toByteArray();
    }
}
