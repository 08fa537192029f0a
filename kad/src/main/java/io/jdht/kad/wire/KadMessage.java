package io.jdht.kad.wire;

import io.jdht.kad.PeerInfo;
import java.util.List;
import java.util.Optional;

/**
 * One message of {@code /ipfs/kad/1.0.0}, request or response (the protocol uses one message type
 * for both). Byte arrays are not copied: treat them as read-only.
 *
 * @param key the record key, the multihash of a provider key, or the peer id bytes of FIND_NODE
 * @param record the value record of PUT_VALUE and GET_VALUE answers
 * @param closerPeers peers closer to the key (answers to FIND_NODE, GET_VALUE, GET_PROVIDERS)
 * @param providerPeers providers (ADD_PROVIDER and answers to GET_PROVIDERS)
 */
public record KadMessage(
        MessageType type,
        byte[] key,
        Optional<DhtRecord> record,
        List<PeerInfo> closerPeers,
        List<PeerInfo> providerPeers) {

    public KadMessage {
        closerPeers = List.copyOf(closerPeers);
        providerPeers = List.copyOf(providerPeers);
    }

    public enum MessageType { PUT_VALUE, GET_VALUE, ADD_PROVIDER, GET_PROVIDERS, FIND_NODE, PING }

    /** A record as it travels: key, value, and the receiver's RFC 3339 receipt time (often empty). */
    public record DhtRecord(byte[] key, byte[] value, String timeReceived) {}

    public static KadMessage findNode(byte[] key) {
        return request(MessageType.FIND_NODE, key);
    }

    public static KadMessage getValue(byte[] key) {
        return request(MessageType.GET_VALUE, key);
    }

    public static KadMessage getProviders(byte[] multihash) {
        return request(MessageType.GET_PROVIDERS, multihash);
    }

    public static KadMessage ping() {
        return request(MessageType.PING, new byte[0]);
    }

    public static KadMessage putValue(byte[] key, byte[] value) {
        return new KadMessage(MessageType.PUT_VALUE, key, Optional.of(new DhtRecord(key, value, "")), List.of(), List.of());
    }

    public static KadMessage addProvider(byte[] multihash, PeerInfo self) {
        return new KadMessage(MessageType.ADD_PROVIDER, multihash, Optional.empty(), List.of(), List.of(self));
    }

    private static KadMessage request(MessageType type, byte[] key) {
        return new KadMessage(type, key, Optional.empty(), List.of(), List.of());
    }

    /** An answer of the same type and key as this request. */
    public KadMessage answer(Optional<DhtRecord> record, List<PeerInfo> closer, List<PeerInfo> providers) {
        return new KadMessage(type, key, record, closer, providers);
    }

    @Override
    public String toString() {
        return type + "(key " + key.length + " bytes, record " + record.isPresent() + ", closer "
                + closerPeers.size() + ", providers " + providerPeers.size() + ")";
    }
}
