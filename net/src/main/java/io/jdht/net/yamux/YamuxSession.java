package io.jdht.net.yamux;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A yamux session on one secured connection: parses frames, routes them to {@link YamuxStream}
 * child channels, opens outbound streams and accepts inbound ones.
 *
 * <p>Everything runs on the connection's event loop; streams are registered on the same loop, so
 * no locking is needed. The dialer's streams have odd ids, the listener's even ones.
 *
 * <p>Flow control: each stream starts with the protocol's 256 KiB window in both directions; on
 * opening or accepting a stream we grant the peer {@link YamuxConfig#receiveWindow()} in total, and
 * top the grant up once half of it has been read. A window used up within two round trips grows
 * (see {@link ReceiveWindow}), up to {@link YamuxConfig#maxReceiveWindow()}; the round trip is
 * measured with a yamux ping when a stream first needs a window update and again when the last
 * measurement is older than {@link #RTT_REFRESH_NANOS}. Data beyond the grant is a protocol error:
 * the session sends go-away and closes the connection.
 */
public final class YamuxSession extends ByteToMessageDecoder {
    private static final Logger LOG = LoggerFactory.getLogger(YamuxSession.class);
    /**
     * How far past its high watermark (plus one data frame) the connection's unsent bytes may grow.
     * Streams stop writing at the watermark, so what piles up beyond it is our answers (pongs,
     * acks, resets, window updates) to a peer that keeps sending but does not read them.
     */
    private static final int UNREAD_REPLIES_LIMIT = 256 * 1024;
    /** How long a round-trip measurement is trusted before window tuning asks for a new one. */
    static final long RTT_REFRESH_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final boolean client;
    private final YamuxConfig config;
    private final ChannelHandler inboundInitializer;
    private final Map<Integer, StreamState> streams = new HashMap<>();
    private final Set<YamuxStream> waitingForWrite = new LinkedHashSet<>();
    /** Ids of the streams we closed whose peer has not finished yet, oldest first. */
    private final Set<Integer> closing = new LinkedHashSet<>();
    private ChannelHandlerContext ctx;
    private int nextStreamId;
    private boolean goAwayReceived;
    private boolean goAwaySent;
    /** The data frame whose body is being read (null between frames), its stream, and the bytes to come. */
    private YamuxFrame.Header body;
    private StreamState bodyState;
    private long bodyLeft;
    private final LongSupplier nanoClock;
    /** The latest measured round trip; 0 while none has been measured. */
    private long rttNanos;
    private long rttMeasuredAt;
    /** The opaque value of our ping in flight, and when it left; {@code pinging} while unanswered. */
    private int pingValue;
    private long pingSentAt;
    private boolean pinging;

    /** What the session keeps per stream id; the channel may already be closed locally. */
    private static final class StreamState {
        final YamuxStream stream;
        final ReceiveWindow window;
        boolean closedLocally;
        /** Resets the stream if the peer's FIN has not come by the end of the grace. */
        ScheduledFuture<?> graceTimer;

        StreamState(YamuxStream stream, ReceiveWindow window) {
            this.stream = stream;
            this.window = window;
        }
    }

    private YamuxSession(boolean client, YamuxConfig config, ChannelHandler inboundInitializer, LongSupplier nanoClock) {
        this.client = client;
        this.nanoClock = nanoClock;
        this.config = config;
        this.inboundInitializer = inboundInitializer;
        this.nextStreamId = client ? 1 : 2;
        // Data frames are handed on as slices of what arrived; gathering reads into a composite
        // instead of one merged buffer saves copying every byte once more.
        setCumulator(COMPOSITE_CUMULATOR);
    }

    /**
     * Adds a session at the end of {@code connection}'s pipeline. {@code inboundInitializer} is added
     * to the pipeline of every stream the peer opens (typically a ChannelInitializer that installs a
     * multistream responder).
     */
    public static YamuxSession install(Channel connection, boolean client, YamuxConfig config, ChannelHandler inboundInitializer) {
        return install(connection, client, config, inboundInitializer, System::nanoTime);
    }

    /** As {@link #install(Channel, boolean, YamuxConfig, ChannelHandler)}, with the clock window tuning uses. */
    static YamuxSession install(
            Channel connection, boolean client, YamuxConfig config, ChannelHandler inboundInitializer, LongSupplier nanoClock) {
        YamuxSession session = new YamuxSession(client, config, inboundInitializer, nanoClock);
        connection.pipeline().addLast("yamux", session);
        // Behind the session, so that any close of the connection (channel.close()) passes it first.
        connection.pipeline().addLast("yamux-go-away", new GoAwayOnClose(session));
        return session;
    }

    /** Tells the peer the session ends normally before the connection closes, whoever closes it. */
    private static final class GoAwayOnClose extends io.netty.channel.ChannelOutboundHandlerAdapter {
        private final YamuxSession session;

        GoAwayOnClose(YamuxSession session) {
            this.session = session;
        }

        @Override
        public void close(ChannelHandlerContext ctx, ChannelPromise promise) throws Exception {
            session.sendGoAway(YamuxFrame.GO_AWAY_NORMAL);
            super.close(ctx, promise);
        }
    }

    private void sendGoAway(int code) {
        if (ctx != null && !goAwaySent && ctx.channel().isActive()) {
            goAwaySent = true;
            writeFrame(YamuxFrame.TYPE_GO_AWAY, 0, 0, code);
            ctx.flush();
        }
    }

    YamuxConfig config() {
        return config;
    }

    Channel channel() {
        return ctx.channel();
    }

    /**
     * Streams open now, the ones that count toward {@link YamuxConfig#maxStreams()}: not those we
     * closed whose peer has not finished yet (see {@link #closingStreamCount()}).
     */
    public int streamCount() {
        return streams.size() - closing.size();
    }

    /** Streams we closed that wait, for at most {@link YamuxConfig#closeGrace()}, for the peer's FIN. */
    public int closingStreamCount() {
        return closing.size();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) throws Exception {
        this.ctx = ctx;
        super.handlerAdded(ctx);
    }

    /**
     * Opens a stream; its pipeline gets {@code initializer}. Completes when the stream is registered
     * and usable; fails if the session is closing or at its stream limit.
     */
    public Future<Channel> openStream(ChannelHandler initializer) {
        Promise<Channel> promise = ctx.executor().newPromise();
        if (ctx.executor().inEventLoop()) {
            open(initializer, promise);
        } else {
            ctx.executor().execute(() -> open(initializer, promise));
        }
        return promise;
    }

    private void open(ChannelHandler initializer, Promise<Channel> promise) {
        if (!ctx.channel().isActive() || goAwayReceived || goAwaySent) {
            promise.setFailure(new IOException("the connection is closing; no new streams"));
            return;
        }
        if (streamCount() >= config.maxStreams()) {
            promise.setFailure(new IOException("stream limit of " + config.maxStreams() + " reached on this connection"));
            return;
        }
        if (nextStreamId < 0) {
            promise.setFailure(new IOException("stream ids exhausted on this connection"));
            return;
        }
        int id = nextStreamId;
        nextStreamId += 2;
        YamuxStream stream = new YamuxStream(this, id);
        StreamState state = newState(stream);
        streams.put(id, state);
        stream.pipeline().addLast(initializer);
        writeFrame(YamuxFrame.TYPE_WINDOW_UPDATE, YamuxFrame.FLAG_SYN, id, extraWindow());
        state.window.enlarge(extraWindow());
        ctx.flush();
        ctx.channel().eventLoop().register(stream).addListener((ChannelFutureListener) f -> {
            if (f.isSuccess()) {
                promise.setSuccess(stream);
            } else {
                promise.setFailure(f.cause());
            }
        });
    }

    private StreamState newState(YamuxStream stream) {
        return new StreamState(stream, new ReceiveWindow(YamuxConfig.INITIAL_WINDOW, config.maxReceiveWindow(), nanoClock.getAsLong()));
    }

    private long extraWindow() {
        return config.receiveWindow() - YamuxConfig.INITIAL_WINDOW;
    }

    // --- inbound ---------------------------------------------------------------------------------

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        while (true) {
            if (body != null) {
                if (!readBody(in)) {
                    return; // the rest of the body is still to come
                }
                continue;
            }
            if (in.readableBytes() < YamuxFrame.HEADER_LENGTH) {
                return;
            }
            checkThePeerReads();
            YamuxFrame.Header h = YamuxFrame.read(in);
            if (LOG.isTraceEnabled()) {
                LOG.trace("{} {} in: {}", client ? "client" : "server", ctx.channel().id(), h);
            }
            // refused at its header: a frame must fit what the peer may send
            if (h.type() == YamuxFrame.TYPE_DATA && h.length() > mostThePeerMaySend(h)) {
                throw new YamuxException("data frame of " + h.length() + " bytes on stream " + h.streamId()
                        + " exceeds the window we granted");
            }
            onFrame(h, in);
        }
    }

    /**
     * Hands on what has arrived of the current data frame's body; true once the body is complete
     * (its FIN or RST then takes effect). A body is passed on in pieces as it comes rather than
     * gathered whole: windows grow to many MiB, and a frame that large, sent slowly, would
     * otherwise sit in the connection's read buffer, where no resource scope sees it.
     */
    private boolean readBody(ByteBuf in) {
        int n = (int) Math.min(in.readableBytes(), bodyLeft);
        if (n > 0) {
            if (bodyState != null && streams.get(body.streamId()) == bodyState) {
                bodyState.stream.onData(in.readRetainedSlice(n));
            } else {
                in.skipBytes(n); // refused or forgotten stream: the bytes are dropped
            }
            bodyLeft -= n;
        }
        if (bodyLeft > 0) {
            return false;
        }
        YamuxFrame.Header h = body;
        StreamState state = bodyState;
        body = null;
        bodyState = null;
        if (state != null && streams.get(h.streamId()) == state) {
            applyFlags(h, state);
        }
        return true;
    }

    /** The most a data frame may carry: the stream's credit, or for a new or forgotten stream what any window allows. */
    private long mostThePeerMaySend(YamuxFrame.Header h) {
        StreamState state = h.has(YamuxFrame.FLAG_SYN) ? null : streams.get(h.streamId());
        if (state != null) {
            return state.window.credit();
        }
        return h.has(YamuxFrame.FLAG_SYN) ? YamuxConfig.INITIAL_WINDOW : config.maxReceiveWindow();
    }

    /** Every frame may cost an answer: refuse to queue them without end for a peer that does not read. */
    private void checkThePeerReads() throws YamuxException {
        ChannelOutboundBuffer unsent = ctx.channel().unsafe().outboundBuffer();
        if (unsent == null) {
            return;
        }
        long limit = ctx.channel().config().getWriteBufferHighWaterMark() + (long) config.maxDataFrame() + UNREAD_REPLIES_LIMIT;
        if (unsent.totalPendingWriteBytes() > limit) {
            throw new YamuxException("the peer keeps sending but leaves " + unsent.totalPendingWriteBytes()
                    + " bytes of ours unread");
        }
    }

    private void onFrame(YamuxFrame.Header h, ByteBuf in) throws YamuxException {
        switch (h.type()) {
            case YamuxFrame.TYPE_PING -> {
                if (h.has(YamuxFrame.FLAG_SYN)) {
                    writeFrame(YamuxFrame.TYPE_PING, YamuxFrame.FLAG_ACK, 0, h.length());
                    ctx.flush();
                } else if (h.has(YamuxFrame.FLAG_ACK) && pinging && h.length() == Integer.toUnsignedLong(pingValue)) {
                    long now = nanoClock.getAsLong();
                    pinging = false;
                    rttNanos = Math.max(1, now - pingSentAt);
                    rttMeasuredAt = now;
                }
            }
            case YamuxFrame.TYPE_GO_AWAY -> {
                goAwayReceived = true;
                LOG.debug("peer sent go-away (code {}) on {}", h.length(), ctx.channel());
            }
            default -> onStreamFrame(h, in);
        }
    }

    private void onStreamFrame(YamuxFrame.Header h, ByteBuf in) throws YamuxException {
        int id = h.streamId();
        boolean data = h.type() == YamuxFrame.TYPE_DATA;
        StreamState state = streams.get(id);
        if (h.has(YamuxFrame.FLAG_SYN)) {
            if (state != null || id == 0 || (id % 2 == 1) == client) {
                throw new YamuxException("peer opened stream " + id + " with an id that is in use or not its own");
            }
            state = accept(id);
            if (state == null) {
                if (data) {
                    startBody(h, null); // refused: its data is dropped
                }
                return;
            }
        }
        if (state == null) {
            // a frame for a stream we have forgotten (reset, or fully closed): drop it
            if (data) {
                startBody(h, null);
            }
            return;
        }
        if (data) {
            long n = h.length();
            if (!state.window.receive(n)) {
                throw new YamuxException("peer sent " + n + " bytes on stream " + id + " with only "
                        + state.window.credit() + " bytes of window");
            }
            startBody(h, state); // its flags take effect once the body is in
            return;
        }
        if (h.length() > 0) {
            state.stream.onWindowUpdate(h.length());
        }
        applyFlags(h, state);
    }

    /** The next bytes are the body of data frame {@code h}, for {@code state}'s stream (null: dropped). */
    private void startBody(YamuxFrame.Header h, StreamState state) {
        body = h;
        bodyState = state;
        bodyLeft = h.length();
    }

    /** A frame's RST or FIN, after its data. */
    private void applyFlags(YamuxFrame.Header h, StreamState state) {
        int id = h.streamId();
        if (h.has(YamuxFrame.FLAG_RST)) {
            forget(id);
            state.stream.onReset();
        } else if (h.has(YamuxFrame.FLAG_FIN)) {
            if (state.closedLocally) {
                forget(id);
            } else {
                state.stream.onRemoteFin();
            }
        }
    }

    /** A new inbound stream, or null if it was refused (and reset). */
    private StreamState accept(int id) {
        if (streamCount() >= config.maxStreams() || goAwaySent) {
            writeFrame(YamuxFrame.TYPE_WINDOW_UPDATE, YamuxFrame.FLAG_RST, id, 0);
            ctx.flush();
            LOG.debug("refused stream {} on {}: {} streams open", id, ctx.channel(), streamCount());
            return null;
        }
        YamuxStream stream = new YamuxStream(this, id);
        StreamState state = newState(stream);
        streams.put(id, state);
        stream.pipeline().addLast(inboundInitializer);
        writeFrame(YamuxFrame.TYPE_WINDOW_UPDATE, YamuxFrame.FLAG_ACK, id, extraWindow());
        state.window.enlarge(extraWindow());
        ctx.flush();
        ctx.channel().eventLoop().register(stream);
        return state;
    }

    // --- outbound, called by streams ------------------------------------------------------------

    void writeData(YamuxStream stream, ByteBuf data) {
        ctx.write(YamuxFrame.header(ctx.alloc(), YamuxFrame.TYPE_DATA, 0, stream.streamId(), data.readableBytes()));
        ctx.write(data);
    }

    void writeFin(YamuxStream stream) {
        writeFrame(YamuxFrame.TYPE_DATA, YamuxFrame.FLAG_FIN, stream.streamId(), 0);
        ctx.flush();
    }

    void writeReset(YamuxStream stream) {
        writeFrame(YamuxFrame.TYPE_WINDOW_UPDATE, YamuxFrame.FLAG_RST, stream.streamId(), 0);
        forget(stream.streamId());
        ctx.flush();
    }

    void flushConnection() {
        ctx.flush();
    }

    /** The stream read {@code n} bytes: grant them again once half the window is used (see {@link ReceiveWindow}). */
    void consumed(YamuxStream stream, int n) {
        StreamState state = streams.get(stream.streamId());
        if (state == null || state.stream != stream) {
            return;
        }
        long now = nanoClock.getAsLong();
        long delta = state.window.consumed(n, now, rttNanos);
        if (delta > 0) {
            writeFrame(YamuxFrame.TYPE_WINDOW_UPDATE, 0, stream.streamId(), delta);
            measureRttIfStale(now);
            ctx.flush();
        }
    }

    /**
     * Sends a ping (unflushed) when window tuning has no recent round-trip time; a ping the peer
     * never answered is given up after the same interval, and a new one sent.
     */
    private void measureRttIfStale(long now) {
        boolean fresh = pinging
                ? now - pingSentAt < RTT_REFRESH_NANOS
                : rttNanos > 0 && now - rttMeasuredAt < RTT_REFRESH_NANOS;
        if (fresh) {
            return;
        }
        pinging = true;
        pingSentAt = now;
        pingValue++;
        writeFrame(YamuxFrame.TYPE_PING, YamuxFrame.FLAG_SYN, 0, Integer.toUnsignedLong(pingValue));
    }

    /** The latest round trip measured by ping, in nanoseconds; 0 if none yet. */
    long rttNanos() {
        return rttNanos;
    }

    /** The receive window of stream {@code id} as it stands, or -1 if the session does not know the id. */
    long receiveWindow(int id) {
        StreamState state = streams.get(id);
        return state == null ? -1 : state.window.size();
    }

    /** What the peer may still send on stream {@code id}, or -1 if the session does not know the id. */
    long receiveCredit(int id) {
        StreamState state = streams.get(id);
        return state == null ? -1 : state.window.credit();
    }

    /** The stream's channel closed; forget it now if the peer is done too, else once it is. */
    void streamClosed(YamuxStream stream, boolean peerDone) {
        waitingForWrite.remove(stream);
        StreamState state = streams.get(stream.streamId());
        if (state == null || state.stream != stream) {
            return;
        }
        if (peerDone) {
            forget(stream.streamId());
            return;
        }
        // Keep the id a while, so that what the peer still sends is swallowed rather than
        // answered with a reset; but not for ever, and not in the count of open streams.
        int id = stream.streamId();
        state.closedLocally = true;
        closing.add(id);
        long graceNanos = config.closeGrace().toNanos();
        state.graceTimer = ctx.executor().schedule(() -> giveUp(id, state), graceNanos, TimeUnit.NANOSECONDS);
        if (closing.size() > config.maxStreams()) {
            int oldest = closing.iterator().next();
            giveUp(oldest, streams.get(oldest));
        }
    }

    /** The peer never finished a stream we closed: reset it and forget it. */
    private void giveUp(int id, StreamState state) {
        if (state == null || streams.get(id) != state || !state.closedLocally) {
            return; // finished in the meantime
        }
        LOG.debug("resetting stream {} on {}: the peer did not finish it", id, ctx.channel());
        forget(id);
        if (ctx.channel().isActive()) {
            writeFrame(YamuxFrame.TYPE_WINDOW_UPDATE, YamuxFrame.FLAG_RST, id, 0);
            ctx.flush();
        }
    }

    /** Drops what the session knows about a stream id, and its grace timer if it was closing. */
    private void forget(int id) {
        StreamState state = streams.remove(id);
        if (state != null && state.closedLocally) {
            closing.remove(id);
            if (state.graceTimer != null) {
                state.graceTimer.cancel(false);
            }
        }
    }

    void waitForWrite(YamuxStream stream) {
        waitingForWrite.add(stream);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        if (ctx.channel().isWritable() && !waitingForWrite.isEmpty()) {
            List<YamuxStream> resume = new ArrayList<>(waitingForWrite);
            waitingForWrite.clear();
            resume.forEach(YamuxStream::resumeWrites);
        }
        super.channelWritabilityChanged(ctx);
    }

    private void writeFrame(int type, int flags, int streamId, long length) {
        ctx.write(YamuxFrame.header(ctx.alloc(), type, flags, streamId, length));
    }

    // --- endings ---------------------------------------------------------------------------------

    /** Tells the peer no new streams will be accepted, then closes the connection. */
    public ChannelFuture goAwayAndClose() {
        // The go-away is written and flushed by GoAwayOnClose on the way; the close does not wait
        // for it to reach the peer, so a peer that stopped reading cannot hold the connection open.
        return ctx.channel().close();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable reason = cause instanceof io.netty.handler.codec.DecoderException && cause.getCause() != null
                ? cause.getCause()
                : cause;
        LOG.debug("closing {}: {}", ctx.channel(), reason.toString());
        if (!goAwaySent && ctx.channel().isActive()) {
            goAwaySent = true;
            int code = reason instanceof YamuxException ? YamuxFrame.GO_AWAY_PROTOCOL_ERROR : YamuxFrame.GO_AWAY_INTERNAL_ERROR;
            writeFrame(YamuxFrame.TYPE_GO_AWAY, 0, 0, code);
            ctx.flush();
        }
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        for (StreamState s : new ArrayList<>(streams.values())) {
            forget(s.stream.streamId());
            s.stream.onReset();
        }
        waitingForWrite.clear();
        super.channelInactive(ctx);
    }
}
