package io.jdht.bench.attack;

import io.jdht.kad.wire.KadCodec;
import io.jdht.kad.wire.KadMessage;
import io.jdht.net.host.Connection;
import io.jdht.net.host.Stream;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code unread-get}: puts one large record, then opens {@code --streams} (100) kad streams that
 * each ask for it {@code --requests} (4) times and never read the answers (the stream stops
 * reading, so no yamux window update goes back and the daemon cannot send more than the first
 * window). The record is {@code --size} (4 MiB less 4 KiB, so that an answer still fits the 4 MiB
 * message limit) under an unnamespaced key, which a jdht daemon takes by default (the signed
 * namespaces cap records far lower: IPNS at 10 KiB); if the daemon refuses it, the size is halved
 * until it is taken, down to 64 KiB. Reports the daemon's RSS and heap (in the result line) and
 * how many streams it reset.
 */
final class UnreadGetAttack implements Attack {
    @Override
    public String name() {
        return "unread-get";
    }

    @Override
    public String description() {
        return "puts a --size record, then --streams streams each send --requests GET_VALUE and never read";
    }

    @Override
    public String run(Context c) throws Exception {
        long size = c.bytes("size", (4L << 20) - 4096);
        int streams = c.count("streams", 100);
        int requests = c.integer("requests", 4);
        Connection conn = c.attackers.connectedHost(Duration.ofSeconds(10));
        byte[] key = ("attack-unread-get-" + HexFormat.of().formatHex(new java.security.SecureRandom().generateSeed(8)))
                .getBytes(StandardCharsets.UTF_8);
        long stored = 0;
        List<String> refusals = new ArrayList<>();
        for (long s = size; s >= 64 << 10 && c.timeLeft(); s /= 2) {
            Attackers.Reply r = Attackers.call(conn, KadCodec.encode(KadMessage.putValue(key, new byte[(int) s])),
                    Duration.ofSeconds(30)).get();
            if (r.outcome() == Attackers.Outcome.ANSWERED) {
                stored = s;
                break;
            }
            refusals.add(Attack.Size.of(s) + ": " + r.outcome() + " " + r.detail());
            if (!conn.isOpen()) {
                conn = c.attackers.connectedHost(Duration.ofSeconds(10));
            }
        }
        if (stored == 0) {
            return "no record was taken: " + refusals;
        }
        byte[] ask = Attackers.frame(KadCodec.encode(KadMessage.getValue(key)));
        AtomicInteger closedByDaemon = new AtomicInteger();
        List<Channel> open = new ArrayList<>();
        int failedToOpen = 0;
        for (int i = 0; i < streams && c.timeLeft(); i++) {
            Stream s;
            try {
                s = Attackers.kadStream(conn).get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                failedToOpen++;
                continue;
            }
            Channel ch = s.channel();
            ch.config().setAutoRead(false);
            open.add(ch);
            ch.closeFuture().addListener(f -> closedByDaemon.incrementAndGet());
            for (int q = 0; q < requests; q++) {
                ch.write(Unpooled.wrappedBuffer(ask));
            }
            ch.flush();
        }
        int opened = open.size();
        c.holdUntilDeadline(() -> false);
        int resets = closedByDaemon.get();
        open.forEach(Channel::close);
        return String.format(Locale.ROOT, "record of %s stored%s; %d streams x %d GET_VALUE unread (%s of answers asked for)%s; "
                        + "%d streams closed by the daemon before the end, connection %s",
                Attack.Size.of(stored), refusals.isEmpty() ? "" : " (refused first: " + refusals + ")", opened, requests,
                Attack.Size.of(stored * opened * requests), failedToOpen == 0 ? "" : ", " + failedToOpen + " streams not opened",
                resets, conn.isOpen() ? "still open" : "closed");
    }
}
