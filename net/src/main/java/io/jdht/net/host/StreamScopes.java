package io.jdht.net.host;

import io.jdht.net.resources.ResourceManager;
import io.jdht.net.resources.ResourceScope;
import io.jdht.net.yamux.YamuxStream;
import io.netty.channel.Channel;

/**
 * Gives each yamux stream its resource scope (under its connection and its peer) when it opens,
 * adds its protocol's scope once negotiated, and gives everything back when it closes. A stream
 * the peer's stream limit or a protocol's memory cannot take is reset.
 */
final class StreamScopes {
    private final ResourceManager resources;

    StreamScopes(ResourceManager resources) {
        this.resources = resources;
    }

    /** Opens the scope of a new stream; false (the stream should be reset) when the peer is at its stream limit. */
    boolean open(Channel stream) {
        Channel connection = stream.parent();
        ResourceScope connectionScope = connection.attr(ResourceScope.KEY).get();
        ResourceScope peerScope = connection.attr(Upgrader.PEER_SCOPE).get();
        if (connectionScope == null || peerScope == null) {
            return true; // a connection made outside the upgrader (tests) is not accounted
        }
        int id = stream instanceof YamuxStream y ? y.streamId() : 0;
        ResourceScope scope = resources.newStream(connectionScope, peerScope, id);
        if (!scope.addStream()) {
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
