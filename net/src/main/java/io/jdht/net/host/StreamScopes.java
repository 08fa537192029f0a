package io.jdht.net.host;

import io.jdht.net.resources.ResourceManager;
import io.jdht.net.resources.ResourceScope;
import io.jdht.net.yamux.YamuxStream;
import io.netty.channel.Channel;

/**
 * Gives each yamux stream its resource scope (under its connection and its peer) when it opens,
 * adds its protocol's scope once negotiated, and gives everything back when it closes. A stream
 * the peer's stream limit or a protocol's memory cannot take is reset.
 *
 * <p>An open stream costs memory before it buffers a byte (its channel, pipeline, handlers and
 * timers), and peer ids cost nothing, so per-peer stream caps alone would let one host open
 * streams without end across many identities. Each stream is therefore charged
 * {@value #STREAM_BYTES} bytes from its scopes while it is open: the node's budget then bounds the
 * streams of all peers together (a quarter of a 512 MiB heap: 32,768 streams), and a protocol's
 * budget its own.
 */
final class StreamScopes {
    /**
     * What one open stream is charged for its channel, pipeline and handlers: an idle stream of a
     * bare protocol measured about 1.1 KB of heap at each end ({@code IdleStreamMemory} in the
     * bench module), and a kad stream carries a decoder, an idle timer and its handler on top, so
     * 4 KiB errs on the safe side.
     */
    static final int STREAM_BYTES = 4096;

    private final ResourceManager resources;

    StreamScopes(ResourceManager resources) {
        this.resources = resources;
    }

    /**
     * Opens the scope of a new stream; false (the stream should be reset) when the peer is at its
     * stream limit or the stream's cost does not fit its connection's, peer's or the node's memory.
     */
    boolean open(Channel stream) {
        Channel connection = stream.parent();
        ResourceScope connectionScope = connection.attr(ResourceScope.KEY).get();
        ResourceScope peerScope = connection.attr(Upgrader.PEER_SCOPE).get();
        if (connectionScope == null || peerScope == null) {
            return true; // a connection made outside the upgrader (tests) is not accounted
        }
        int id = stream instanceof YamuxStream y ? y.streamId() : 0;
        ResourceScope scope = resources.newStream(connectionScope, peerScope, id);
        if (!scope.addStream() || !scope.reserveMemory(STREAM_BYTES)) {
            scope.close();
            return false;
        }
        stream.attr(ResourceScope.KEY).set(scope);
        stream.closeFuture().addListener(f -> scope.close());
        return true;
    }

    /** Charges the stream's holdings to {@code protocol} from now on; false when that protocol is full. */
    boolean joinProtocol(Channel stream, String protocol) {
        ResourceScope scope = stream.hasAttr(ResourceScope.KEY) ? stream.attr(ResourceScope.KEY).get() : null;
        return scope == null || scope.join(resources.protocol(protocol));
    }

    static void reset(Channel stream) {
        if (stream instanceof YamuxStream y) {
            y.reset();
        } else {
            stream.close();
        }
    }
}
