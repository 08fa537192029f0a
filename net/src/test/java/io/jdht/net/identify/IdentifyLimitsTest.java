package io.jdht.net.identify;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.jdht.multiformats.Multiaddr;
import io.jdht.net.identify.pb.IdentifyProto.Identify;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.TooLongFrameException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** What identify keeps of an answer, and how much of one it reads at all. */
class IdentifyLimitsTest {
    /** An Identify message of about {@code bytes} bytes, made of protocols of 100 characters. */
    private static Identify messageOf(int bytes, String tag) {
        Identify.Builder b = Identify.newBuilder();
        for (int i = 0; i < bytes / 102; i++) {
            String head = "/" + tag + "/" + i + "/";
            b.addProtocols(head + "p".repeat(100 - head.length()));
        }
        return b.build();
    }

    private static ByteBuf frame(Identify msg) {
        byte[] body = msg.toByteArray();
        ByteBuf out = Unpooled.buffer();
        writeVarint(out, body.length);
        return out.writeBytes(body);
    }

    private static void writeVarint(ByteBuf out, int value) {
        while ((value & ~0x7F) != 0) {
            out.writeByte((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        out.writeByte(value);
    }

    @Test
    void framesTogetherMayNotExceedTheMessageLimit() {
        IdentifyReceiver receiver = new IdentifyReceiver();
        EmbeddedChannel ch = new EmbeddedChannel(receiver);
        int part = IdentifyProtocol.MAX_MESSAGE_SIZE * 5 / 8; // each frame alone is allowed
        ch.writeInbound(frame(messageOf(part, "a")));
        assertThat(receiver.result()).isNotDone();

        // only the next prefix: the answer is refused at once, before its payload is buffered
        ByteBuf prefix = Unpooled.buffer();
        writeVarint(prefix, part);
        ch.writeInbound(prefix);
        assertThat(receiver.result()).isCompletedExceptionally();
        assertThat(receiver.result()).failsWithin(java.time.Duration.ZERO)
                .withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(TooLongFrameException.class);
        assertThat(ch.isOpen()).isFalse();
        ch.finishAndReleaseAll();
    }

    @Test
    void sixHundredProtocolsAreCutToTheFirstValidOnes() {
        Identify.Builder b = Identify.newBuilder()
                .addProtocols("")
                .addProtocols("/with\nbreak/1.0.0")
                .addProtocols("/" + "l".repeat(IdentifyProtocol.MAX_PROTOCOL_LENGTH));
        for (int i = 0; i < 600; i++) {
            b.addProtocols(String.format("/long/%03d/%s", i, "q".repeat(40)));
        }
        b.setAgentVersion("a".repeat(5_000)).setProtocolVersion("p".repeat(5_000));
        for (int i = 0; i < 100; i++) {
            b.addListenAddrs(ByteString.copyFrom(Multiaddr.parse("/ip4/192.0.2.1/tcp/" + (1000 + i)).toBytes()));
        }

        IdentifyInfo info = IdentifyInfo.fromProto(b.build());

        assertThat(info.protocols()).hasSize(IdentifyProtocol.MAX_PROTOCOLS)
                .allSatisfy(p -> assertThat(p).startsWith("/long/"));
        // the first ones, in the peer's order
        assertThat(info.protocols()).contains(String.format("/long/%03d/%s", 0, "q".repeat(40)),
                String.format("/long/%03d/%s", IdentifyProtocol.MAX_PROTOCOLS - 1, "q".repeat(40)));
        assertThat(info.agentVersion()).hasValueSatisfying(a -> assertThat(a).hasSize(IdentifyProtocol.MAX_VERSION_LENGTH));
        assertThat(info.protocolVersion()).hasValueSatisfying(v -> assertThat(v).hasSize(IdentifyProtocol.MAX_VERSION_LENGTH));
        assertThat(info.listenAddrs()).hasSize(IdentifyProtocol.MAX_LISTEN_ADDRS);
    }

    @Test
    void versionsAreNotCutInsideASurrogatePair() {
        String agent = "a".repeat(IdentifyProtocol.MAX_VERSION_LENGTH - 1) + "\uD83D\uDE00";
        assertThat(IdentifyInfo.boundedVersion(agent)).hasSize(IdentifyProtocol.MAX_VERSION_LENGTH - 1);
    }
}
