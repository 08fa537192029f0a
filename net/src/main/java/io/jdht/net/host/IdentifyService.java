package io.jdht.net.host;

import io.jdht.net.identify.IdentifyInfo;
import io.jdht.net.identify.IdentifyProtocol;
import io.jdht.net.identify.IdentifyReceiver;
import io.jdht.net.identify.IdentifySender;
import io.jdht.net.identify.pb.IdentifyProto.Identify;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs identify for a host: asks every new connection's peer who it is, answers the same question,
 * and sends and applies identify pushes. What peers say lands in the peer store, and connection
 * listeners hear of it (that is how the DHT learns which peers speak Kademlia).
 */
final class IdentifyService {
    private static final Logger LOG = LoggerFactory.getLogger(IdentifyService.class);
    private final Host host;

    IdentifyService(Host host) {
        this.host = host;
    }

    void install(Map<String, StreamHandler> handlers) {
        handlers.put(IdentifyProtocol.ID, stream -> stream.channel().pipeline()
                .addLast(new IdentifySender(() -> describeSelf(stream.connection()))));
        handlers.put(IdentifyProtocol.PUSH_ID, stream -> {
            IdentifyReceiver receiver = new IdentifyReceiver();
            stream.channel().pipeline().addLast(receiver);
            receiver.result().whenComplete((info, err) -> {
                if (err == null) {
                    apply(stream.connection(), info, true);
                } else {
                    LOG.debug("bad identify push from {}: {}", stream.connection().remotePeer(), err.toString());
                }
            });
        });
    }

    /** Our own description, with the address we see the asker at. */
    private Identify describeSelf(Connection asker) {
        return IdentifyInfo.toProto(
                host.publicKey(),
                host.listenAddresses(),
                Optional.of(asker.remoteAddress()),
                host.protocols(),
                host.config().agentVersion());
    }

    void identify(Connection connection) {
        connection.newStream(IdentifyProtocol.ID).thenCompose(stream -> {
            IdentifyReceiver receiver = new IdentifyReceiver();
            stream.channel().pipeline().addLast(receiver);
            return receiver.result();
        }).whenComplete((info, err) -> {
            if (err != null) {
                LOG.debug("identify of {} failed: {}", connection.remotePeer(), err.toString());
                connection.identifiedPromise().completeExceptionally(err);
                return;
            }
            if (apply(connection, info, false)) {
                connection.identifiedPromise().complete(info);
            } else {
                connection.identifiedPromise().completeExceptionally(new IllegalStateException(
                        "peer " + connection.remotePeer() + " sent an identify key that is not its own"));
            }
        });
    }

    void pushToAll(List<Connection> targets) {
        for (Connection c : targets) {
            c.newStream(IdentifyProtocol.PUSH_ID)
                    .thenAccept(stream -> stream.channel().pipeline().addLast(new IdentifySender(() -> describeSelf(c))))
                    .exceptionally(err -> {
                        LOG.debug("identify push to {} failed: {}", c.remotePeer(), err.toString());
                        return null;
                    });
        }
    }

    /**
     * Stores what a peer said. A push may leave fields out; those keep their old values. Returns
     * false, and closes the connection, if the peer claims a key that is not its own.
     */
    private boolean apply(Connection connection, IdentifyInfo info, boolean push) {
        var peer = connection.remotePeer();
        if (info.publicKey().isPresent() && !peer.matches(info.publicKey().get())) {
            LOG.warn("closing connection to {}: identify carries another peer's key", peer);
            connection.close();
            return false;
        }
        PeerStore store = host.peerStore();
        if (info.hasListenAddrs() || !push) {
            store.replaceAddresses(peer, info.listenAddrs(), PeerStore.RECENTLY_CONNECTED_TTL);
        }
        if (info.hasProtocols() || !push) {
            store.setProtocols(peer, info.protocols());
        }
        if (info.agentVersion().isPresent() || !push) {
            store.setAgentVersion(peer, info.agentVersion().orElse(""), info.protocolVersion().orElse(""));
        }
        host.connectionManager().identified(connection, info);
        return true;
    }
}
