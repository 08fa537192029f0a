package io.jdht.bench.attack;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import io.jdht.net.host.Host;
import io.jdht.net.identify.IdentifyProtocol;
import io.jdht.net.identify.pb.IdentifyProto.Identify;
import io.jdht.net.host.Stream;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.socket.DuplexChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * An identify answer that lists many long protocol names, split into frames that each stay under
 * the 64 KiB a jdht peer takes per identify frame (protobuf merges the repeated field across
 * frames): the most a peer can make the daemon remember about it in one identify.
 */
final class FakeIdentify {
    /** Room left in each frame for the key, addresses and agent. */
    private static final int FRAME_BUDGET = IdentifyProtocol.MAX_MESSAGE_SIZE - 1024;

    private final List<List<String>> framesOfProtocols;
    private final int bytes;

    /** {@code count} names of {@code length} characters each. */
    FakeIdentify(int count, int length) {
        List<List<String>> frames = new ArrayList<>();
        List<String> current = new ArrayList<>();
        int size = 0;
        int total = 0;
        for (int i = 0; i < count; i++) {
            String head = "/attack/" + i + "/";
            String name = head + "x".repeat(Math.max(0, length - head.length()));
            int entry = CodedOutputStream.computeStringSize(3, name);
            if (size + entry > FRAME_BUDGET && !current.isEmpty()) {
                frames.add(current);
                current = new ArrayList<>();
                size = 0;
            }
            current.add(name);
            size += entry;
            total += entry;
        }
        frames.add(current);
        this.framesOfProtocols = frames;
        this.bytes = total;
    }

    int frames() {
        return framesOfProtocols.size();
    }

    /** {@code 600 protocols x 200 chars, 119 KiB in 2 frames} */
    String describe(int count, int length) {
        return count + " protocols x " + length + " chars, " + Attack.Size.of(bytes) + " in " + frames() + " frames"
                + (frames() > IdentifyProtocol.MAX_FRAMES ? " (more than the " + IdentifyProtocol.MAX_FRAMES + " a jdht peer reads)" : "");
    }

    /** Makes {@code host} answer identify with these protocols. */
    void install(Host host) {
        install(host, c -> {});
    }

    /** The same, and {@code answered} hears of each connection on which the answer has been sent. */
    void install(Host host, java.util.function.Consumer<io.jdht.net.host.Connection> answered) {
        host.handle(IdentifyProtocol.ID, stream -> stream.channel().eventLoop().execute(() -> send(host, stream, answered)));
    }

    private void send(Host host, Stream stream, java.util.function.Consumer<io.jdht.net.host.Connection> answered) {
        var ch = stream.channel();
        for (int i = 0; i < framesOfProtocols.size(); i++) {
            Identify.Builder b = Identify.newBuilder();
            if (i == 0) {
                b.setProtocolVersion(IdentifyProtocol.PROTOCOL_VERSION).setAgentVersion("jdht-attack/0")
                        .setPublicKey(ByteString.copyFrom(host.publicKey().marshal()))
                        .setObservedAddr(ByteString.copyFrom(stream.connection().remoteAddress().toBytes()));
            }
            b.addAllProtocols(framesOfProtocols.get(i));
            ch.write(Unpooled.wrappedBuffer(Attackers.frame(b.build().toByteArray())));
        }
        ch.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(f -> {
            if (f.isSuccess() && ch instanceof DuplexChannel duplex) {
                duplex.shutdownOutput().addListener(ChannelFutureListener.CLOSE);
                answered.accept(stream.connection());
            } else {
                ch.close();
            }
        });
    }
}
