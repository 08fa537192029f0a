package io.jdht.net.perf;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.jdht.net.testing.EmbeddedDuplexChannel;
import org.junit.jupiter.api.Test;

class PerfTest {
    @Test
    void serverSendsTheRequestedBytesAfterTheUploadEnds() {
        EmbeddedDuplexChannel server = new EmbeddedDuplexChannel(new PerfServer(1 << 20));
        server.writeInbound(Unpooled.buffer().writeLong(200_000).writeZero(5000));
        assertThat((Object) server.readOutbound()).as("nothing before the upload ends").isNull();
        server.remoteClosesWrite();
        long sent = 0;
        ByteBuf b;
        while ((b = server.readOutbound()) != null) {
            sent += b.readableBytes();
            b.release();
        }
        assertThat(sent).isEqualTo(200_000);
        assertThat(server.isOutputShutdown()).as("half-closed once done").isTrue();
        assertThat(server.isOpen()).as("closed once done").isFalse();
        server.finishAndReleaseAll();
    }

    @Test
    void serverRefusesAnOversizedRequest() {
        EmbeddedChannel server = new EmbeddedChannel(new PerfServer(1000));
        server.writeInbound(Unpooled.buffer().writeLong(1001));
        assertThat(server.isOpen()).isFalse();
        server.finishAndReleaseAll();
    }

    @Test
    void clientWritesHeaderAndUploadThenCountsTheDownload() {
        PerfClient client = new PerfClient(100_000, 3000);
        EmbeddedDuplexChannel ch = new EmbeddedDuplexChannel(client);
        ByteBuf header = ch.readOutbound();
        assertThat(header.readLong()).isEqualTo(3000);
        header.release();
        long uploaded = 0;
        ByteBuf b;
        while ((b = ch.readOutbound()) != null) {
            uploaded += b.readableBytes();
            b.release();
        }
        assertThat(uploaded).isEqualTo(100_000);
        assertThat(ch.isOutputShutdown()).as("write side closed after the upload").isTrue();
        ch.writeInbound(Unpooled.buffer().writeZero(1000));
        ch.writeInbound(Unpooled.buffer().writeZero(2000));
        assertThat(client.result()).isNotDone();
        ch.remoteClosesWrite();
        PerfResult r = client.result().join();
        assertThat(r.uploadedBytes()).isEqualTo(100_000);
        assertThat(r.downloadedBytes()).isEqualTo(3000);
        ch.finishAndReleaseAll();
    }

    @Test
    void clientFailsWhenTheServerSendsTooLittle() {
        PerfClient client = new PerfClient(0, 3000);
        EmbeddedDuplexChannel ch = new EmbeddedDuplexChannel(client);
        ch.writeInbound(Unpooled.buffer().writeZero(10));
        ch.close();
        assertThat(client.result()).isCompletedExceptionally();
        ch.finishAndReleaseAll();
    }
}
