package io.jdht.kad;

import io.jdht.crypto.PeerId;
import java.util.List;

/**
 * The progress of a DHT query, one event per step, numbered as Kubo numbers its routing query
 * events (the {@link #type()}), so that the CLI and the HTTP API can report them unchanged.
 */
public sealed interface QueryEvent {
    /** Kubo's event number. */
    int type();

    /** A request is on its way to {@code peer}. */
    record SendingQuery(PeerId peer) implements QueryEvent {
        public int type() {
            return 0;
        }
    }

    /** {@code from} answered, naming closer peers and, for GET_PROVIDERS, providers. */
    record PeerResponse(PeerId from, List<PeerInfo> closerPeers, List<PeerInfo> providers) implements QueryEvent {
        public int type() {
            return 1;
        }
    }

    /** A result peer: one of the closest peers, or the peer that was looked for. */
    record FinalPeer(PeerInfo peer) implements QueryEvent {
        public int type() {
            return 2;
        }
    }

    /** A request to {@code peer} failed, or the query itself failed. */
    record QueryError(PeerId peer, String message) implements QueryEvent {
        public int type() {
            return 3;
        }
    }

    /** {@code from} named a provider of the content. */
    record Provider(PeerId from, PeerInfo provider) implements QueryEvent {
        public int type() {
            return 4;
        }
    }

    /** {@code from} returned a valid value for the key. */
    record Value(PeerId from, byte[] value) implements QueryEvent {
        public int type() {
            return 5;
        }
    }

    /** A record or provider announcement is being stored at {@code peer}. */
    record AddingPeer(PeerInfo peer) implements QueryEvent {
        public int type() {
            return 6;
        }
    }

    /** A connection to {@code peer} is being opened for the query. */
    record DialingPeer(PeerId peer) implements QueryEvent {
        public int type() {
            return 7;
        }
    }
}
