package io.jdht.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdht.crypto.KeyType;
import io.jdht.crypto.PrivateKey;
import io.jdht.kad.KadConfig;
import io.jdht.kad.PeerInfo;
import io.jdht.kad.lookup.LookupConfig;
import io.jdht.kad.wire.KadCodec;
import io.jdht.kad.wire.KadMessage;
import io.jdht.multiformats.Cid;
import io.jdht.multiformats.Multiaddr;
import io.jdht.multiformats.Multihash;
import io.jdht.net.framing.VarintFrameDecoder;
import io.jdht.net.framing.VarintFrameEncoder;
import io.jdht.net.host.Host;
import io.jdht.net.host.HostConfig;
import io.jdht.node.protocol.KadProtocol;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Cancelling a future from {@link Dht} stops the operation down to its streams. The node's one
 * peer is a bare host that answers the admission check's FIND_NODE and then holds every other
 * request without a word; requests and operations time out only after minutes, so a stream that
 * closes within the test was closed because the future was cancelled.
 */
@Timeout(60)
class DhtCancellationTest {
    /** Far beyond the test's waits: nothing here may end by a timeout. */
    private static final Duration MINUTES = Duration.ofMinutes(5);

    private final TestNodes nodes = new TestNodes();
    private Host sink;
    /** One per request the sink holds: completed when that stream goes (reset or closed). */
    private final BlockingQueue<CompletableFuture<Void>> held = new LinkedBlockingQueue<>();

    @BeforeEach
    void startSink() throws Exception {
        sink = Host.create(HostConfig.builder(PrivateKey.generate(KeyType.ED25519, new SecureRandom()))
                .listen("/ip4/127.0.0.1/tcp/0").build());
        sink.handle(KadProtocol.ID, stream -> stream.channel().pipeline().addLast(
                new VarintFrameDecoder(KadCodec.MAX_MESSAGE_BYTES),
                VarintFrameEncoder.INSTANCE,
                new SimpleChannelInboundHandler<ByteBuf>() {
                    private final CompletableFuture<Void> gone = new CompletableFuture<>();

                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) throws Exception {
                        KadMessage request = KadCodec.decodeRequest(ByteBufUtil.getBytes(frame));
                        if (request.type() == KadMessage.MessageType.FIND_NODE) {
                            KadMessage answer = request.answer(java.util.Optional.empty(), List.of(), List.of());
                            ctx.writeAndFlush(Unpooled.wrappedBuffer(KadCodec.encode(answer)));
                        } else {
                            held.add(gone);
                        }
                    }

                    @Override
                    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
                        gone.complete(null);
                        super.channelInactive(ctx);
                    }
                }));
        sink.start().get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() {
        nodes.close();
        sink.close();
    }

    @Test
    void cancellingAFindProvsFutureResetsTheStreamItWaitsOn() throws Exception {
        Node node = nodes.start(Node.builder().kadConfig(KadConfig.DEFAULT
                .withLookup(LookupConfig.DEFAULT.withRequestTimeout(MINUTES)).withQueryTimeout(MINUTES)));
        Multiaddr at = sink.listenAddresses().getFirst().encapsulate(Multiaddr.parse("/p2p/" + sink.peerId()));
        TestNodes.join(node.connect(at));
        // connect waited for the admission check: the sink is in the table now, with no polling
        assertThat(TestNodes.join(node.routingTable())).extracting(PeerInfo::id).contains(sink.peerId());

        Cid cid = Cid.v0(Multihash.sha2_256("nobody has it".getBytes(StandardCharsets.UTF_8)));
        CompletableFuture<List<PeerInfo>> find = node.dht().findProvs(cid,
                FindProvsOptions.DEFAULT.withTimeout(MINUTES));
        CompletableFuture<Void> stream = held.poll(20, TimeUnit.SECONDS);
        assertThat(stream).as("the GET_PROVIDERS reached the sink").isNotNull();
        assertThat(stream).as("held open while the lookup waits").isNotDone();

        assertThat(find.cancel(false)).isTrue();
        // the engine cancels its request, and the node resets the stream: minutes before any timeout
        stream.get(20, TimeUnit.SECONDS);
        assertThat(held).as("no request after the cancel").isEmpty();
    }
}
