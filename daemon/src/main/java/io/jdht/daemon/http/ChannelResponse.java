package io.jdht.daemon.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.FastThreadLocalThread;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CancellationException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The {@link ApiResponse} of one request, writing Kubo's HTTP answer on a Netty channel.
 *
 * <p>Two layers of state. The caller side (any thread, under {@link #lock}) knows the shape of
 * the answer, whether it was ended, and how many bytes were handed over but not yet written;
 * that count is the back-pressure signal. The wire side (the channel's event loop only) knows
 * whether the headers went out and whether the answer is finished on the wire. Every write is a
 * task on the event loop, so the bytes keep the order of the calls.
 */
final class ChannelResponse implements ApiResponse {
    /** The shape of the answer, fixed by the first call that writes. */
    enum Shape {
        NONE,
        STREAM,
        SINGLE,
        RAW
    }

    /** What the owning exchange provides: the channel and the headers every answer carries. */
    interface Owner {
        Channel channel();

        /** Adds Kubo's common headers, the CORS ones and the configured ones. */
        void decorate(HttpResponse response);

        boolean keepAlive();

        /** Called on the event loop once the answer is finished on the wire; {@code last} is its final write. */
        void answerEnded(ChannelFuture last);
    }

    private final Owner owner;
    private final Channel channel;
    private final ObjectMapper mapper;
    private final Cancellation cancellation;
    private final long highWaterMark;
    private final long maxBuffered;
    private final boolean chunked;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition drained = lock.newCondition();
    private Shape shape = Shape.NONE; // guarded by lock
    private boolean ended; // guarded by lock: no call may write any more
    private long pending; // guarded by lock: bytes handed to the event loop, not yet written

    // event loop only
    private boolean headersSent;
    private boolean wireEnded;

    ChannelResponse(Owner owner, ObjectMapper mapper, Cancellation cancellation, ApiLimits limits, HttpVersion version) {
        this.owner = owner;
        this.channel = owner.channel();
        this.mapper = mapper;
        this.cancellation = cancellation;
        this.highWaterMark = limits.outputHighWaterMark();
        this.maxBuffered = limits.maxBufferedOutput();
        // HTTP/1.0 has no chunked encoding (and so no trailers): the answer ends when the connection closes.
        this.chunked = version.isKeepAliveDefault();
        cancellation.onCancel(this::wakeWriters);
    }

    @Override
    public void emit(Object value) {
        submit(Shape.STREAM, ndjson(value), null, false);
    }

    @Override
    public void single(Object value) {
        submit(Shape.SINGLE, ndjson(value), null, true);
    }

    @Override
    public void raw(byte[] data, String contentType) {
        submit(Shape.RAW, data.clone(), contentType, false);
    }

    @Override
    public void fail(ApiError error) {
        if (markEnded()) {
            onLoop(() -> endOnLoop(error));
        }
    }

    @Override
    public boolean isOpen() {
        lock.lock();
        try {
            return !ended && !cancellation.isCancelled();
        } finally {
            lock.unlock();
        }
    }

    /** Ends the answer without error if nothing ended it yet (the command is done). */
    void finish() {
        if (markEnded()) {
            onLoop(() -> endOnLoop(null));
        }
    }

    /**
     * Ends the answer with {@code error} right now, on the event loop (the deadline passed);
     * output still queued is dropped.
     */
    void endNow(ApiError error) {
        markEnded();
        endOnLoop(error);
    }

    /** The connection is gone: nothing more goes out. Event loop only. */
    void connectionLost() {
        markEnded();
        wireEnded = true;
        wakeWriters();
    }

    private boolean markEnded() {
        lock.lock();
        try {
            if (ended) {
                return false;
            }
            ended = true;
            return true;
        } finally {
            lock.unlock();
        }
    }

    private byte[] ndjson(Object value) {
        try {
            byte[] json = mapper.writeValueAsBytes(value);
            byte[] line = Arrays.copyOf(json, json.length + 1);
            line[json.length] = '\n';
            return line;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot encode " + value.getClass().getName() + " as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Hands {@code bytes} to the event loop, then waits while too much is unwritten. */
    private void submit(Shape kind, byte[] bytes, String contentType, boolean last) {
        lock.lock();
        try {
            cancellation.throwIfCancelled();
            if (ended) {
                throw new IllegalStateException("the answer has already ended");
            }
            if (shape != Shape.NONE && shape != kind) {
                throw new IllegalStateException("the answer is already " + shape + ", cannot add " + kind);
            }
            shape = kind;
            ended = last;
            pending += bytes.length;
        } finally {
            lock.unlock();
        }
        ByteBuf buf = Unpooled.wrappedBuffer(bytes);
        try {
            channel.eventLoop().execute(() -> writeOnLoop(kind, buf, contentType, last));
        } catch (RejectedExecutionException e) { // the event loop is shutting down with the server
            buf.release();
            written(bytes.length);
            throw Cancellation.exception(Cancellation.Reason.SERVER_CLOSED);
        }
        if (!last) {
            awaitRoom();
        }
    }

    /**
     * Blocks while more than the high-water mark is unwritten, until the client catches up or the
     * request is cancelled (a stalled client is cut off by the idle timeout, which cancels). A
     * Netty thread must not block: there the only bound is the hard cap, past which the connection
     * is closed.
     */
    private void awaitRoom() {
        if (Thread.currentThread() instanceof FastThreadLocalThread) {
            boolean over;
            lock.lock();
            try {
                over = pending > maxBuffered;
            } finally {
                lock.unlock();
            }
            if (over) {
                channel.close();
            }
            return;
        }
        lock.lock();
        try {
            while (pending > highWaterMark && !cancellation.isCancelled() && channel.isActive()) {
                drained.await(1, TimeUnit.SECONDS); // re-checks the channel now and then as well
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Cancellation.exception(cancellation.reason().orElse(Cancellation.Reason.CLIENT_GONE));
        } finally {
            lock.unlock();
        }
        cancellation.throwIfCancelled();
    }

    private void written(long n) {
        lock.lock();
        try {
            pending -= n;
            if (pending <= highWaterMark) {
                drained.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    private void wakeWriters() {
        lock.lock();
        try {
            drained.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Bytes handed over and not yet written; the idle check uses it to tell a stalled client. */
    long pendingBytes() {
        lock.lock();
        try {
            return pending;
        } finally {
            lock.unlock();
        }
    }

    private void onLoop(Runnable task) {
        try {
            channel.eventLoop().execute(task);
        } catch (RejectedExecutionException e) {
            // the server is closing its event loops; the connection is gone with them
        }
    }

    private void writeOnLoop(Shape kind, ByteBuf buf, String contentType, boolean last) {
        int n = buf.readableBytes();
        if (wireEnded) {
            buf.release();
            written(n);
            return;
        }
        if (!headersSent) {
            sendHeaders(kind, contentType);
        }
        channel.write(new DefaultHttpContent(buf)).addListener(f -> written(n));
        if (last) {
            endOnLoop(null);
        } else {
            channel.flush();
        }
    }

    private void sendHeaders(Shape kind, String contentType) {
        HttpResponse r = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        owner.decorate(r);
        r.headers().set(HttpHeaderNames.TRAILER, KuboHeaders.STREAM_ERROR);
        switch (kind) {
            case RAW -> {
                r.headers().set(KuboHeaders.STREAM_OUTPUT, "1");
                r.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
            }
            case SINGLE -> r.headers().set(HttpHeaderNames.CONTENT_TYPE, KuboHeaders.JSON);
            case STREAM, NONE -> { // an answer without any value is an empty stream, as in Kubo
                r.headers().set(KuboHeaders.CHUNKED_OUTPUT, "1");
                r.headers().set(HttpHeaderNames.CONTENT_TYPE, KuboHeaders.JSON);
            }
        }
        frame(r);
        channel.write(r);
        headersSent = true;
    }

    /** Chunked for HTTP/1.1; for HTTP/1.0 the body runs to the connection's end. */
    private void frame(HttpResponse r) {
        if (chunked) {
            HttpUtil.setTransferEncodingChunked(r, true);
        }
        if (!chunked || !owner.keepAlive()) {
            r.headers().set(HttpHeaderNames.CONNECTION, "close");
        }
    }

    private void endOnLoop(ApiError error) {
        if (wireEnded) {
            return;
        }
        wireEnded = true;
        wakeWriters();
        if (!headersSent && error != null) {
            byte[] body = error.toJson().getBytes(StandardCharsets.UTF_8);
            HttpResponse r = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(error.httpStatus()));
            owner.decorate(r);
            r.headers().set(HttpHeaderNames.TRAILER, KuboHeaders.STREAM_ERROR);
            r.headers().set(HttpHeaderNames.CONTENT_TYPE, KuboHeaders.JSON);
            frame(r);
            channel.write(r);
            headersSent = true;
            channel.write(new DefaultHttpContent(Unpooled.wrappedBuffer(body)));
            owner.answerEnded(channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT));
            return;
        }
        if (!headersSent) {
            sendHeaders(Shape.NONE, null);
        }
        LastHttpContent last = new DefaultLastHttpContent();
        if (error != null && chunked) {
            last.trailingHeaders().set(KuboHeaders.STREAM_ERROR, error.headerMessage());
        }
        owner.answerEnded(channel.writeAndFlush(last));
    }

    @Override
    public String toString() {
        lock.lock();
        try {
            return "ChannelResponse(" + shape + (ended ? ", ended" : "") + ")";
        } finally {
            lock.unlock();
        }
    }
}
