package io.jdht.kad.wire;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import io.jdht.kad.PeerInfo;
import io.jdht.kad.pb.DhtProto;
import io.jdht.multiformats.Multiaddr;

/**
 * Protobuf encoding of {@link KadMessage}, bounded on the way in. Encoding goes through the
 * generated classes; decoding does not (KadDecoder in this package reads the wire bytes directly),
 * so that every limit below is checked as the field is met and nothing is built for a field that
 * is skipped.
 *
 * <p>On the way in: a message must fit the 4 MiB frame limit; keys and record keys are at most
 * {@value #MAX_KEY_BYTES} bytes; at most {@value #MAX_UNKNOWN_FIELDS} unknown fields are skipped.
 * An answer may carry {@value #MAX_CLOSER_ENTRIES} closer peers, of which the first
 * {@value #MAX_PEERS} are read, and any number of providers, of which the first
 * {@value #MAX_PROVIDERS} are read; a request may carry {@value #MAX_REQUEST_PEERS} peers in all.
 * A peer entry over 8 KiB is skipped, as are its addresses past the first {@value #MAX_ADDRESSES}.
 * Peers with an unparsable id are dropped, as are addresses that are not valid multiaddrs (a peer
 * with a bad address is still useful through its other addresses). Anything malformed, or past a
 * limit that refuses, is a {@link KadMessageException} naming it.
 */
public final class KadCodec {
    /** The largest message accepted or sent (go-libp2p's network.MessageSizeMax). */
    public static final int MAX_MESSAGE_BYTES = 4 << 20;
    /** The most closer peers read from one answer (go caps at 40 too); later entries are skipped. */
    public static final int MAX_PEERS = 40;
    /**
     * The most closer-peer entries an answer may carry before it is refused: implementations send
     * k = 20, so this is generous; beyond it the answer is not a kad answer but a flood.
     */
    public static final int MAX_CLOSER_ENTRIES = 100;
    /** The most providers read from one answer; later entries are skipped unread. */
    public static final int MAX_PROVIDERS = 200;
    /**
     * The most peer entries, closer and provider together, a request may carry. ADD_PROVIDER
     * names one provider, the sender; no other request names any peer.
     */
    public static final int MAX_REQUEST_PEERS = 8;
    /** Largest serialized peer entry kept. */
    public static final int MAX_PEER_BYTES = 8 << 10;
    /** Largest key accepted: record keys are short; 1 KiB leaves room for any namespace. */
    public static final int MAX_KEY_BYTES = 1024;
    /** Most addresses kept per peer. */
    public static final int MAX_ADDRESSES = 32;
    /**
     * Most unknown fields skipped in one message, nested ones included. Peers may add fields
     * (rust-libp2p adds two to Record), so a few are fine; thousands are an attack.
     */
    public static final int MAX_UNKNOWN_FIELDS = 16;
    /** Longest record timeReceived accepted: an RFC 3339 time is at most 35 characters. */
    public static final int MAX_TIME_RECEIVED_BYTES = 64;

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

    /**
     * The length of {@link #encode}'s output, computed without building it (the simulator counts
     * the bytes of millions of messages). Follows proto3's rules as encode does: fields at their
     * default (type 0, empty bytes) are not written; a record present is written even if empty.
     */
    public static int encodedSize(KadMessage m) {
        int n = 0;
        if (m.type().ordinal() != 0) {
            n += CodedOutputStream.computeEnumSize(1, m.type().ordinal());
        }
        n += bytesField(2, m.key().length);
        if (m.record().isPresent()) {
            KadMessage.DhtRecord r = m.record().get();
            int inner = bytesField(1, r.key().length) + bytesField(2, r.value().length)
                    + (r.timeReceived().isEmpty() ? 0 : CodedOutputStream.computeStringSize(5, r.timeReceived()));
            n += embedded(3, inner);
        }
        for (PeerInfo p : m.closerPeers()) {
            n += embedded(8, peerSize(p));
        }
        for (PeerInfo p : m.providerPeers()) {
            n += embedded(9, peerSize(p));
        }
        return n;
    }

    private static int peerSize(PeerInfo p) {
        int n = bytesField(1, p.id().multihash().byteLength());
        for (Multiaddr a : p.addresses()) {
            n += embedded(2, a.byteLength());
        }
        return n;
    }

    private static int bytesField(int field, int length) {
        return length == 0 ? 0 : CodedOutputStream.computeTagSize(field) + CodedOutputStream.computeUInt32SizeNoTag(length) + length;
    }

    private static int embedded(int field, int length) {
        return CodedOutputStream.computeTagSize(field) + CodedOutputStream.computeUInt32SizeNoTag(length) + length;
    }

    /**
     * Decodes an answer to one of our requests, or a message whose role is not known: closer
     * peers and providers as an answer may carry them.
     */
    public static KadMessage decode(byte[] bytes) throws KadMessageException {
        return KadDecoder.decode(bytes, KadDecoder.ANSWER);
    }

    /**
     * Decodes a request a peer sent us. Requests carry far fewer peers than answers: closer peers
     * are skipped unread, providers are kept for ADD_PROVIDER only, and more than
     * {@value #MAX_REQUEST_PEERS} peer entries of either kind refuse the request.
     */
    public static KadMessage decodeRequest(byte[] bytes) throws KadMessageException {
        return KadDecoder.decode(bytes, KadDecoder.REQUEST);
    }

    private static DhtProto.Message.Peer peer(PeerInfo p) {
        DhtProto.Message.Peer.Builder b = DhtProto.Message.Peer.newBuilder().setId(ByteString.copyFrom(p.id().toBytes()));
        for (Multiaddr a : p.addresses()) {
            b.addAddrs(ByteString.copyFrom(a.toBytes()));
        }
        return b.build();
    }
}
