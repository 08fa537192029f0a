package io.jdht.node;

import static io.jdht.node.TestNodes.join;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.jdht.crypto.KeyType;
import io.jdht.crypto.PrivateKey;
import io.jdht.kad.PeerInfo;
import io.jdht.kad.wire.KadCodec;
import io.jdht.kad.wire.KadMessage;
import io.jdht.multiformats.Varint;
import io.jdht.net.framing.VarintFrameDecoder;
import io.jdht.net.host.Host;
import io.jdht.net.host.HostConfig;
import io.jdht.net.resources.MemoryLimits;
import io.jdht.kad.KadConfig;
import io.jdht.kad.record.StoreLimits;
import io.jdht.net.host.Stream;
import io.jdht.node.protocol.KadProtocol;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.SimpleChannelInboundHandler;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Peers that ask and do not read: the node builds one answer per stream and waits for it to leave
 * before reading the next request, and holds only so many unsent answer bytes per connection,
 * while staying responsive on other streams.
 */
@Timeout(90)
class KadStreamBackPressureTest {
    /** Larger than a yamux receive window (1 MiB), so an answer to a peer that does not read stays unsent. */
    private static final int VALUE_BYTES = 2 << 20;
    /** What a node on a 512 MiB heap allows: 16 MiB per connection. */
    private static final MemoryLimits MEMORY = MemoryLimits.forHeap(512L << 20);
    private static final byte[] KEY = "/test/large".getBytes(UTF_8);

    private final TestNodes nodes = new TestNodes();
    private Node node;
    private Host raw;

    @BeforeEach
    void start() throws Exception {
        // one peer may store more than the default 1 MiB of records here: the record must outgrow the window
        StoreLimits roomy = new StoreLimits(1_000, 64L << 20, 100, 16L << 20);
        node = nodes.start(Node.builder().memoryLimits(MEMORY)
                .kadConfig(KadConfig.DEFAULT.withStoreLimits(roomy, StoreLimits.PROVIDERS)));
        raw = Host.create(HostConfig.builder(PrivateKey.generate(KeyType.ED25519, new SecureRandom()))
                .listen("/ip4/127.0.0.1/tcp/0").build());
        join(raw.start());
        join(raw.connect(node.addresses().getFirst()));
        byte[] value = new byte[VALUE_BYTES];
        new java.util.Random(3).nextBytes(value);
        BlockingQueue<KadMessage> answers = new LinkedBlockingQueue<>();
        Channel put = reading(answers);
        put.writeAndFlush(Unpooled.wrappedBuffer(frame(KadMessage.putValue(KEY, value)))).syncUninterruptibly();
        assertThat(answers.poll(20, TimeUnit.SECONDS)).as("the PUT_VALUE echo").isNotNull();
        put.close();
    }

    @AfterEach
    void stop() {
        raw.close();
        nodes.close();
    }

    private static byte[] frame(KadMessage m) {
        byte[] body = KadCodec.encode(m);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(Varint.encode(body.length));
        out.writeBytes(body);
        return out.toByteArray();
    }

    private Stream openKad() {
        return join(raw.newStream(node.peerId(), List.of(KadProtocol.ID)));
    }

    /** A kad stream that decodes every answer into {@code answers}. */
    private Channel reading(BlockingQueue<KadMessage> answers) {
        Channel ch = openKad().channel();
        ch.eventLoop().submit(() -> ch.pipeline().addLast(new VarintFrameDecoder(KadCodec.MAX_MESSAGE_BYTES),
                new SimpleChannelInboundHandler<ByteBuf>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf msg) throws Exception {
                        answers.add(KadCodec.decode(ByteBufUtil.getBytes(msg)));
                    }
                })).syncUninterruptibly();
        return ch;
    }

    /**
     * A kad stream that does not read: auto-read off and no one asking, so yamux keeps what
     * arrives unread and credits no window. What was delivered (at most the read already asked
     * for when auto-read went off) is kept in {@code received}, to be read as frames later.
     */
    private Channel notReading(ByteArrayOutputStream received) {
        Channel ch = openKad().channel();
        ch.eventLoop().submit(() -> {
            ch.config().setAutoRead(false);
            ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                @Override
                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                    ByteBuf buf = (ByteBuf) msg;
                    synchronized (received) {
                        received.writeBytes(ByteBufUtil.getBytes(buf));
                    }
                    buf.release();
                }
            });
        }).syncUninterruptibly();
        return ch;
    }

    /** A FIND_NODE round trip on a fresh stream; the node handles requests in order, so this also waits for those sent before. */
    private void nodeStillAnswers() throws InterruptedException {
        BlockingQueue<KadMessage> answers = new LinkedBlockingQueue<>();
        Channel ch = reading(answers);
        ch.writeAndFlush(Unpooled.wrappedBuffer(frame(KadMessage.findNode(node.peerId().toBytes())))).syncUninterruptibly();
        KadMessage answer = answers.poll(20, TimeUnit.SECONDS);
        assertThat(answer).as("a FIND_NODE answer").isNotNull();
        assertThat(answer.closerPeers()).extracting(PeerInfo::id).contains(node.peerId());
        ch.close();
    }

    private long getValuesServed() {
        return join(node.stats()).counters().inbound().getOrDefault(KadMessage.MessageType.GET_VALUE, 0L);
    }

    @Test
    void pipelinedRequestsWaitUntilThePreviousAnswerIsOut() throws Exception {
        long before = getValuesServed();
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        Channel s = notReading(received);
        int asked = 4;
        ByteArrayOutputStream burst = new ByteArrayOutputStream();
        for (int i = 0; i < asked; i++) {
            burst.writeBytes(frame(KadMessage.getValue(KEY)));
        }
        s.writeAndFlush(Unpooled.wrappedBuffer(burst.toByteArray())).syncUninterruptibly();

        nodeStillAnswers();
        // one answer built and stuck in the stream; the other requests not yet taken
        assertThat(getValuesServed() - before).isEqualTo(1);
        assertThat(s.isOpen()).isTrue();

        // once the asker reads, every answer comes, in order
        s.eventLoop().submit(() -> s.config().setAutoRead(true)).syncUninterruptibly();
        List<KadMessage> answers = new ArrayList<>();
        for (int tries = 0; tries < 200 && answers.size() < asked; tries++) {
            answers = framesIn(received);
            if (answers.size() < asked) {
                Thread.sleep(100);
            }
        }
        assertThat(answers).hasSize(asked).allSatisfy(a -> {
            assertThat(a.type()).isEqualTo(KadMessage.MessageType.GET_VALUE);
            assertThat(a.record().orElseThrow().value()).hasSize(VALUE_BYTES);
        });
        assertThat(getValuesServed() - before).isEqualTo(asked);
    }

    /** The complete frames received so far. */
    private static List<KadMessage> framesIn(ByteArrayOutputStream received) throws Exception {
        ByteBuffer in;
        synchronized (received) {
            in = ByteBuffer.wrap(received.toByteArray());
        }
        List<KadMessage> out = new ArrayList<>();
        while (in.hasRemaining()) {
            long length;
            try {
                length = Varint.read(in);
            } catch (io.jdht.multiformats.InvalidMultiformatException truncated) {
                break; // the rest of the prefix has not come yet
            }
            if (in.remaining() < length) {
                break;
            }
            byte[] body = new byte[(int) length];
            in.get(body);
            out.add(KadCodec.decode(body));
        }
        return out;
    }

    @Test
    void unsentAnswersAreCappedPerConnection() throws Exception {
        int fit = (int) (KadProtocol.MAX_UNSENT_ANSWER_BYTES / VALUE_BYTES);
        List<Channel> streams = new ArrayList<>();
        for (int i = 0; i < fit + 2; i++) {
            Channel s = notReading(new ByteArrayOutputStream());
            s.writeAndFlush(Unpooled.wrappedBuffer(frame(KadMessage.getValue(KEY)))).syncUninterruptibly();
            streams.add(s);
        }
        nodeStillAnswers();
        // the last streams' answers did not fit beside the others': reset
        assertThat(streams.getLast().closeFuture().await(20, TimeUnit.SECONDS)).as("the last stream is reset").isTrue();
        long open = streams.stream().filter(Channel::isOpen).count();
        assertThat(open).isPositive();
        assertThat(open * VALUE_BYTES).isLessThanOrEqualTo(KadProtocol.MAX_UNSENT_ANSWER_BYTES);
        nodeStillAnswers();
    }

    @Test
    void anAnswerLargerThanTheWindowIsSentWholeBeforeTheStreamCloses() throws Exception {
        // js asks and half-closes at once; the answer must still go out whole, then the FIN
        BlockingQueue<KadMessage> answers = new LinkedBlockingQueue<>();
        Channel s = reading(answers);
        s.writeAndFlush(Unpooled.wrappedBuffer(frame(KadMessage.getValue(KEY)))).syncUninterruptibly();
        ((io.netty.channel.socket.DuplexChannel) s).shutdownOutput().syncUninterruptibly();
        KadMessage answer = answers.poll(20, TimeUnit.SECONDS);
        assertThat(answer).as("the whole answer").isNotNull();
        assertThat(answer.record().orElseThrow().value()).hasSize(VALUE_BYTES);
        assertThat(s.closeFuture().await(20, TimeUnit.SECONDS)).as("the stream then closes").isTrue();
    }

    @Test
    void unfinishedRequestsAreCappedByTheConnectionsMemory() throws Exception {
        // each stream announces a request of 4 MiB less a byte and sends 3 MiB of it, never the rest
        int part = 3 << 20;
        int fit = (int) (MEMORY.connection() / part);
        List<Channel> streams = new ArrayList<>();
        for (int i = 0; i <= fit; i++) {
            Channel s = openKad().channel();
            ByteArrayOutputStream unfinished = new ByteArrayOutputStream();
            unfinished.writeBytes(Varint.encode(KadCodec.MAX_MESSAGE_BYTES - 1));
            unfinished.writeBytes(new byte[part]);
            // completes once the node has taken the bytes, or fails once it resets the stream
            s.writeAndFlush(Unpooled.wrappedBuffer(unfinished.toByteArray())).awaitUninterruptibly(20, TimeUnit.SECONDS);
            streams.add(s);
        }
        nodeStillAnswers();
        assertThat(streams.getLast().closeFuture().await(20, TimeUnit.SECONDS)).as("the stream past the cap is reset").isTrue();
        long open = streams.stream().filter(Channel::isOpen).count();
        assertThat(open).isPositive();
        assertThat(open * part).isLessThanOrEqualTo(MEMORY.connection());
    }
}
