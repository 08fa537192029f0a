package io.jdht.kad.wire;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import io.jdht.crypto.PeerId;
import io.jdht.kad.PeerInfo;
import io.jdht.kad.pb.DhtProto;
import io.jdht.multiformats.Multiaddr;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Protobuf encoding of {@link KadMessage}, bounded on the way in. A message must fit the 4 MiB
 * frame limit; each peer entry is capped at 8 KiB (go's limit for one peer record), at most
 * {@value #MAX_PEERS} closer peers and {@value #MAX_PROVIDERS} providers are kept, and peers with
 * an unparsable id are dropped, as are addresses that are not valid multiaddrs (a peer with a bad
 * address is still useful through its other addresses). Anything malformed at the protobuf level
 * is a {@link KadMessageException}.
 */
public final class KadCodec {
    /** The largest message accepted or sent (go-libp2p's network.MessageSizeMax). */
    public static final int MAX_MESSAGE_BYTES = 4 << 20;
    /** The most closer peers kept from one answer (go caps at 40 too). */
    public static final int MAX_PEERS = 40;
    /** The most providers kept from one answer. */
    public static final int MAX_PROVIDERS = 200;
    /** Largest serialized peer entry kept. */
    public static final int MAX_PEER_BYTES = 8 << 10;
    /** Largest key accepted: record keys are short; 1 KiB leaves room for any namespace. */
    public static final int MAX_KEY_BYTES = 1024;
    /** Most addresses kept per peer. */
    public static final int MAX_ADDRESSES = 32;

    private KadCodec() {}

    public static byte[] encode(KadMessage m) {
        DhtProto.Message.Builder b = DhtProto.Message.newBuilder()
                .setType(DhtProto.Message.MessageType.forNumber(m.type().ordinal()))
                .setKey(ByteString.copyFrom(m.key()));
        m.record().ifPresent(r -> b.setRecord(DhtProto.Record.newBuilder()
                .setKey(ByteString.copyFrom(r.key()))
                .setValue(ByteString.copyFrom(r.value()))
                .setTimeReceived(r.timeReceived())));
        for (PeerInfo p : m.closerPeers()) {
            b.addCloserPeers(peer(p));
        }
        for (PeerInfo p : m.providerPeers()) {
            b.addProviderPeers(peer(p));
        }
        byte[] out = b.build().toByteArray();
        if (out.length > MAX_MESSAGE_BYTES) {
            throw new IllegalArgumentException("kad message of " + out.length + " bytes exceeds the 4 MiB limit");
        }
        return out;
    }

    public static KadMessage decode(byte[] bytes) throws KadMessageException {
        if (bytes.length > MAX_MESSAGE_BYTES) {
            throw new KadMessageException("kad message of " + bytes.length + " bytes exceeds the 4 MiB limit");
        }
        DhtProto.Message m;
        try {
            CodedInputStream in = CodedInputStream.newInstance(bytes);
            in.setRecursionLimit(8);
            m = DhtProto.Message.parseFrom(in);
        } catch (java.io.IOException e) {
            throw new KadMessageException("malformed kad message: " + e.getMessage(), e);
        }
        int typeNumber = m.getTypeValue();
        if (typeNumber < 0 || typeNumber >= KadMessage.MessageType.values().length) {
            throw new KadMessageException("unknown kad message type " + typeNumber);
        }
        if (m.getKey().size() > MAX_KEY_BYTES) {
            throw new KadMessageException("kad message key of " + m.getKey().size() + " bytes exceeds " + MAX_KEY_BYTES);
        }
        Optional<KadMessage.DhtRecord> record = m.hasRecord()
                ? Optional.of(new KadMessage.DhtRecord(m.getRecord().getKey().toByteArray(),
                        m.getRecord().getValue().toByteArray(), m.getRecord().getTimeReceived()))
                : Optional.empty();
        return new KadMessage(KadMessage.MessageType.values()[typeNumber], m.getKey().toByteArray(), record,
                peers(m.getCloserPeersList(), MAX_PEERS), peers(m.getProviderPeersList(), MAX_PROVIDERS));
    }

    private static DhtProto.Message.Peer peer(PeerInfo p) {
        DhtProto.Message.Peer.Builder b = DhtProto.Message.Peer.newBuilder().setId(ByteString.copyFrom(p.id().toBytes()));
        for (Multiaddr a : p.addresses()) {
            b.addAddrs(ByteString.copyFrom(a.toBytes()));
        }
        return b.build();
    }

    private static List<PeerInfo> peers(List<DhtProto.Message.Peer> in, int max) {
        List<PeerInfo> out = new ArrayList<>(Math.min(in.size(), max));
        for (DhtProto.Message.Peer p : in) {
            if (out.size() >= max) {
                break;
            }
            if (p.getSerializedSize() > MAX_PEER_BYTES) {
                continue;
            }
            PeerId id;
            try {
                id = PeerId.fromBytes(p.getId().toByteArray());
            } catch (RuntimeException e) {
                continue;
            }
            List<Multiaddr> addrs = new ArrayList<>();
            for (ByteString a : p.getAddrsList()) {
                if (addrs.size() >= MAX_ADDRESSES) {
                    break;
                }
                try {
                    addrs.add(Multiaddr.decode(a.toByteArray()));
                } catch (IllegalArgumentException e) {
                    // one bad address does not make the peer useless
                }
            }
            out.add(new PeerInfo(id, addrs));
        }
        return out;
    }
}
