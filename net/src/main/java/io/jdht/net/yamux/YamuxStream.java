package io.jdht.net.yamux;

import io.jdht.net.resources.ResourceScope;
import io.netty.buffer.ByteBuf;
import io.netty.channel.AbstractChannel;
import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelMetadata;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPromise;
import io.netty.channel.DefaultChannelConfig;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.ChannelInputShutdownReadComplete;
import io.netty.channel.socket.ChannelOutputShutdownException;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.ReferenceCountUtil;
import java.net.SocketAddress;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayList;
import java.util.List;

/**
 * One yamux stream as a Netty child channel of the connection: its own pipeline, fed by the
 * {@link YamuxSession} and writing through it.
 *
 * <p>Writes are cut into data frames and sent only as far as the peer's window allows, and only
 * while the connection itself is writable; the rest stays in this channel's outbound buffer (so
 * its writability reflects back-pressure) until a window update or the connection drains.
 * {@link #shutdownOutput()} sends FIN once everything written before it is out, and its future
 * completes only then; later writes fail. A FIN from the
 * peer fires {@link ChannelInputShutdownEvent}. {@link #close()} sends FIN if not yet sent and
 * leaves the session to swallow whatever the peer still sends; {@link #reset()} aborts with RST.
 * Bytes queued here (window closed, connection busy) are capped at
 * {@link YamuxConfig#maxBufferedBytes()}: a write beyond that fails instead of growing the queue.
 */
public final class YamuxStream extends AbstractChannel implements DuplexChannel {
    private static final ChannelMetadata METADATA = new ChannelMetadata(false, 16);

    private final YamuxSession session;
    private final int id;
    private final ChannelConfig config = new DefaultChannelConfig(this);
    /**
     * Bytes received and not yet handed to the pipeline: this stream's own copy, never a slice of
     * the connection's read buffers, so what it holds is what the window allows and no more.
     */
    private ByteBuf unread;
    /** Where the bytes kept in {@link #unread} are paid from, and how many are. */
    private ResourceScope keptScope;
    private long keptReserved;
    /** Where bytes written but not yet handed to the connection are paid from, and how many are. */
    private ResourceScope unsentScope;
    private long unsentReserved;
    private boolean open = true;
    private long sendWindow = YamuxConfig.INITIAL_WINDOW;
    private boolean finRequested;
    private boolean finSent;
    private boolean remoteFin;
    private boolean inputShutdownFired;
    private boolean readPending;
    private boolean reset;
    private boolean inDoWrite;
    private final List<ChannelPromise> finPromises = new ArrayList<>();

    YamuxStream(YamuxSession session, int id) {
        super(session.channel());
        this.session = session;
        this.id = id;
    }

    /** The yamux stream id: odd for streams the dialer opened, even for the listener's. */
    public int streamId() {
        return id;
    }

    @Override
    public ChannelConfig config() {
        return config;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public boolean isActive() {
        return open && isRegistered();
    }

    @Override
    public ChannelMetadata metadata() {
        return METADATA;
    }

    @Override
    protected AbstractUnsafe newUnsafe() {
        return new StreamUnsafe();
    }

    private final class StreamUnsafe extends AbstractUnsafe {
        @Override
        public void connect(SocketAddress remote, SocketAddress local, ChannelPromise promise) {
            promise.setFailure(new UnsupportedOperationException("a yamux stream is opened through its session"));
        }

        void resumeWrites() {
            flush0();
        }
    }

    @Override
    protected boolean isCompatible(EventLoop loop) {
        return true;
    }

    @Override
    protected void doRegister(ChannelPromise promise) {
        promise.setSuccess(); // no I/O handle: the session feeds this channel
    }

    @Override
    protected SocketAddress localAddress0() {
        return parent().localAddress();
    }

    @Override
    protected SocketAddress remoteAddress0() {
        return parent().remoteAddress();
    }

    @Override
    protected void doBind(SocketAddress localAddress) {
        throw new UnsupportedOperationException("a yamux stream cannot be bound");
    }

    @Override
    protected void doDisconnect() {
        doClose();
    }

    @Override
    protected void doClose() {
        if (!open) {
            return;
        }
        open = false;
        ReferenceCountUtil.release(unread);
        unread = null;
        releaseKept();
        releaseUnsent(unsentReserved); // whatever is still queued is dropped with the stream
        if (!reset && !finSent) {
            finSent = true;
            session.writeFin(this);
        }
        failFinPromises();
        session.streamClosed(this, remoteFin || reset);
    }

    @Override
    protected void doBeginRead() {
        readPending = true;
        drainInbound();
    }

    @Override
    protected void doWrite(ChannelOutboundBuffer out) {
        inDoWrite = true;
        try {
            do {
                writeWhatTheWindowAllows(out);
                if (out.isEmpty() && finRequested && !finSent) {
                    sendFinNow();
                }
                // Flushing may drain the connection at once (and write other streams' data, which
                // can fill it again): go round for as long as the conditions allow, whatever
                // wake-ups arrived in between.
                session.flushConnection();
            } while (open && !out.isEmpty() && sendWindow > 0 && parent().isWritable());
            // Leaving with data queued: a window update wakes a stream whose window is shut
            // (onWindowUpdate); a busy connection wakes only the streams waiting for it, so wait
            // there, now, after the last flush, so that the next drain cannot go unnoticed.
            if (open && !out.isEmpty() && !parent().isWritable()) {
                session.waitForWrite(this);
            }
        } finally {
            inDoWrite = false;
        }
    }

    /** Writes data frames until the queue is empty, the peer's window is used up or the connection is full. */
    private void writeWhatTheWindowAllows(ChannelOutboundBuffer out) {
        while (true) {
            Object msg = out.current();
            if (msg == null) {
                break;
            }
            if (!(msg instanceof ByteBuf buf)) {
                out.remove(new UnsupportedOperationException("a yamux stream carries bytes only"));
                continue;
            }
            if (!buf.isReadable()) {
                out.remove();
                continue;
            }
            if (sendWindow == 0 || !parent().isWritable()) {
                break;
            }
            int n = (int) Math.min(Math.min(buf.readableBytes(), sendWindow), session.config().maxDataFrame());
            session.writeData(this, buf.readRetainedSlice(n));
            releaseUnsent(n);
            sendWindow -= n;
            if (!buf.isReadable()) {
                out.remove();
            }
        }
    }

    @Override
    protected Object filterOutboundMessage(Object msg) throws java.io.IOException {
        if (!(msg instanceof ByteBuf buf)) {
            throw new UnsupportedOperationException("a yamux stream carries bytes only, not " + msg.getClass().getName());
        }
        if (finRequested) {
            throw new ChannelOutputShutdownException("yamux stream " + id + " was shut down for output; no data may follow its FIN");
        }
        ChannelOutboundBuffer queued = unsafe().outboundBuffer();
        long limit = session.config().maxBufferedBytes();
        if (queued != null && queued.totalPendingWriteBytes() + buf.readableBytes() > limit) {
            throw new YamuxException("yamux stream " + id + " already holds " + queued.totalPendingWriteBytes()
                    + " unsent bytes; writing " + buf.readableBytes() + " more would pass the limit of " + limit
                    + " (wait for channelWritabilityChanged)");
        }
        reserveUnsent(buf.readableBytes());
        return msg;
    }

    /**
     * Unsent bytes are paid for from the stream's resource scope until they are handed to the
     * connection, so that all the answers a node has queued, on all streams together, stay within
     * what its connection, peer, protocol and node scopes allow.
     */
    private void reserveUnsent(int n) throws YamuxException {
        if (unsentScope == null) {
            unsentScope = ResourceScope.of(this);
            if (unsentScope == null) {
                return;
            }
        }
        if (!unsentScope.reserveMemory(n)) {
            throw new YamuxException("no memory left in " + unsentScope.name() + " for " + n + " more unsent bytes on stream "
                    + id + " (" + unsentScope.memoryUsed() + " of " + unsentScope.memoryLimit() + " in use)");
        }
        unsentReserved += n;
    }

    private void releaseUnsent(long n) {
        long give = Math.min(n, unsentReserved);
        if (give > 0) {
            unsentScope.releaseMemory(give);
            unsentReserved -= give;
        }
    }

    // --- half-close -------------------------------------------------------------------------

    @Override
    public boolean isInputShutdown() {
        return remoteFin || !open;
    }

    @Override
    public ChannelFuture shutdownInput() {
        return shutdownInput(newPromise());
    }

    @Override
    public ChannelFuture shutdownInput(ChannelPromise promise) {
        return promise.setFailure(new UnsupportedOperationException("yamux cannot close only the read side; use close()"));
    }

    @Override
    public boolean isOutputShutdown() {
        return finRequested || !open;
    }

    @Override
    public ChannelFuture shutdownOutput() {
        return shutdownOutput(newPromise());
    }

    @Override
    public ChannelFuture shutdownOutput(ChannelPromise promise) {
        if (eventLoop().inEventLoop()) {
            requestFin(promise);
        } else {
            eventLoop().execute(() -> requestFin(promise));
        }
        return promise;
    }

    private void requestFin(ChannelPromise promise) {
        if (finSent && !reset) {
            promise.trySuccess();
            return;
        }
        if (!open) {
            promise.tryFailure(new ClosedChannelException());
            return;
        }
        finRequested = true;
        finPromises.add(promise); // completed when the FIN is actually written, not before
        ChannelOutboundBuffer pending = unsafe().outboundBuffer();
        if (pending == null || pending.isEmpty()) {
            sendFinNow();
        } else {
            flush(); // doWrite sends the FIN once everything written before it is out
        }
    }

    private void sendFinNow() {
        if (finSent) {
            return;
        }
        finSent = true;
        session.writeFin(this);
        List<ChannelPromise> done = new ArrayList<>(finPromises);
        finPromises.clear();
        done.forEach(ChannelPromise::trySuccess);
        if (remoteFin) {
            close();
        }
    }

    /** The stream closed (or was reset) with data still queued: the FIN did not follow all of it. */
    private void failFinPromises() {
        if (finPromises.isEmpty()) {
            return;
        }
        List<ChannelPromise> failed = new ArrayList<>(finPromises);
        finPromises.clear();
        ClosedChannelException cause = new ClosedChannelException();
        failed.forEach(p -> p.tryFailure(cause));
    }

    @Override
    public boolean isShutdown() {
        return isInputShutdown() && isOutputShutdown();
    }

    @Override
    public ChannelFuture shutdown() {
        return close();
    }

    @Override
    public ChannelFuture shutdown(ChannelPromise promise) {
        return close(promise);
    }

    /** Aborts the stream: RST to the peer, data not yet sent is dropped. */
    public void reset() {
        if (eventLoop().inEventLoop()) {
            doReset();
        } else {
            eventLoop().execute(this::doReset);
        }
    }

    private void doReset() {
        if (!open) {
            return;
        }
        reset = true;
        session.writeReset(this);
        close();
    }

    // --- called by the session, on the event loop ----------------------------------------------

    void onData(ByteBuf data) {
        if (!open) {
            session.consumed(this, data.readableBytes());
            data.release();
            return;
        }
        boolean reading = readPending || config.isAutoRead();
        if (unread == null && reading && !pinsMuchMore(data)) {
            unread = data; // handed on below as it came, without a copy
        } else if (unread == null && reading) {
            // The reader may keep it (a decoder holding an unfinished frame) and would be charged
            // only what it holds, while the slice pins the buffer it came from: one byte could
            // hold a 64 KiB Noise frame. Hand on a copy of just these bytes.
            unread = alloc().buffer(data.readableBytes()).writeBytes(data);
            data.release();
        } else {
            // Kept until read, so paid for first: the window bounds one stream, the resource
            // scopes bound all the streams of a connection, a peer and the node together.
            if (!reserveKept(data.readableBytes())) {
                data.release();
                doReset();
                return;
            }
            // A slice would pin the whole read buffer it came from (a one-byte frame could hold
            // 64 KiB), so copy the bytes and let that buffer go.
            if (unread == null) {
                unread = alloc().buffer(data.readableBytes());
            }
            unread.writeBytes(data);
            data.release();
        }
        if (reading) {
            drainInbound();
        }
    }

    /** What the peer's window lets this stream send now. */
    long sendWindow() {
        return sendWindow;
    }

    void onWindowUpdate(long delta) {
        boolean wasBlocked = sendWindow == 0;
        sendWindow += delta;
        if (wasBlocked && sendWindow > 0) {
            resumeWrites();
        }
    }

    /**
     * The window opened or the connection drained. Flushing the connection from inside
     * {@link #doWrite} can drain it synchronously and land here re-entrantly, where Netty's flush
     * would be a no-op; the loop in doWrite re-checks window and writability after every flush
     * and waits again if it has to, so nothing is needed here then.
     */
    void resumeWrites() {
        if (open && !inDoWrite) {
            ((StreamUnsafe) unsafe()).resumeWrites();
        }
    }

    void onRemoteFin() {
        remoteFin = true;
        drainInbound();
        if (finSent) {
            close();
        }
    }

    void onReset() {
        reset = true;
        close();
    }

    /** Whether {@code data} is a slice of a buffer more than twice its size, which keeping it would pin. */
    private static boolean pinsMuchMore(ByteBuf data) {
        ByteBuf whole = data.unwrap();
        return whole != null && whole.capacity() > 2L * data.readableBytes();
    }

    /** Reserves {@code n} more unread bytes from this stream's resource scope, if it has one. */
    private boolean reserveKept(int n) {
        if (keptScope == null) {
            keptScope = ResourceScope.of(this);
            if (keptScope == null) {
                return true;
            }
        }
        if (!keptScope.reserveMemory(n)) {
            return false;
        }
        keptReserved += n;
        return true;
    }

    private void releaseKept() {
        if (keptReserved > 0) {
            keptScope.releaseMemory(keptReserved);
            keptReserved = 0;
        }
    }

    private void drainInbound() {
        if (!open) {
            return;
        }
        if (unread != null) {
            ByteBuf buf = unread;
            unread = null;
            releaseKept();
            int n = buf.readableBytes();
            readPending = false; // answered; a read() from inside channelRead asks again
            pipeline().fireChannelRead(buf);
            session.consumed(this, n);
            if (!open) {
                return;
            }
            pipeline().fireChannelReadComplete();
        }
        if (remoteFin && !inputShutdownFired && unread == null && open) {
            inputShutdownFired = true;
            pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
            pipeline().fireUserEventTriggered(ChannelInputShutdownReadComplete.INSTANCE);
        }
    }

    @Override
    public String toString() {
        return "YamuxStream(" + id + " on " + parent() + ")";
    }
}
