package io.jdht.node.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdht.crypto.KeyType;
import io.jdht.crypto.PrivateKey;
import io.jdht.kad.PeerInfo;
import io.jdht.kad.wire.KadCodec;
import io.jdht.kad.wire.KadMessage;
import io.jdht.multiformats.Multihash;
import io.jdht.net.framing.VarintFrameDecoder;
import io.jdht.net.host.Host;
import io.jdht.net.host.HostConfig;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What the receiving peer sees of a message sent without waiting for an answer (ADD_PROVIDER):
 * the message, then the end of the stream. A responder that reads until the stream ends (js does)
 * is done with the stream only once that FIN arrives; without it the stream stays open on both
 * sides until the connection goes.
 */
@Timeout(60)
class KadServiceSendTest {
    private Host sender;
    private Host responder;
    private final BlockingQueue<KadMessage> received = new LinkedBlockingQueue<>();
    /** Completed when a kad stream's input ends with a FIN (a reset never completes it). */
    private final CompletableFuture<Void> fin = new CompletableFuture<>();

    private static Host host() {
        return Host.create(HostConfig.builder(PrivateKey.generate(KeyType.ED25519, new SecureRandom()))
                .listen("/ip4/127.0.0.1/tcp/0").build());
    }

    @BeforeEach
    void start() throws Exception {
        sender = host();
        responder = host();
        responder.handle(KadProtocol.ID, stream -> stream.channel().pipeline().addLast(
                new VarintFrameDecoder(KadCodec.MAX_MESSAGE_BYTES),
                new SimpleChannelInboundHandler<ByteBuf>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) throws Exception {
                        received.add(KadCodec.decodeRequest(ByteBufUtil.getBytes(frame)));
                    }

                    @Override
                    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
                        if (evt instanceof ChannelInputShutdownEvent) {
                            fin.complete(null);
                        }
                        super.userEventTriggered(ctx, evt);
                    }
                }));
        sender.start().get(10, TimeUnit.SECONDS);
        responder.start().get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() {
        sender.close();
        responder.close();
    }

    @Test
    void addProviderIsFollowedByTheEndOfTheStream() throws Exception {
        KadService kad = new KadService(sender, Runnable::run, sender::listenAddresses);
        PeerInfo self = new PeerInfo(sender.peerId(), sender.listenAddresses());
        byte[] mh = Multihash.sha2_256("provided".getBytes(StandardCharsets.UTF_8)).toBytes();
        kad.send(new PeerInfo(responder.peerId(), responder.listenAddresses()), KadMessage.addProvider(mh, self))
                .get(10, TimeUnit.SECONDS);

        KadMessage got = received.poll(10, TimeUnit.SECONDS);
        assertThat(got).as("the ADD_PROVIDER").isNotNull();
        assertThat(got.type()).isEqualTo(KadMessage.MessageType.ADD_PROVIDER);
        assertThat(got.providerPeers()).extracting(PeerInfo::id).containsExactly(sender.peerId());
        fin.get(10, TimeUnit.SECONDS); // times out, failing the test, if the sender leaves the stream open
        assertThat(received).as("nothing after the FIN").isEmpty();
    }
}
