package io.jdht.kad.wire;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import io.jdht.crypto.PeerId;
import io.jdht.kad.PeerInfo;
import io.jdht.multiformats.Multiaddr;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Reads one kad message straight off the wire bytes, field by field, instead of through the
 * generated protobuf parser. The generated parser builds every field it meets first, including
 * each unknown field as its own object, and checks limits only afterwards: 4 MiB of two-byte
 * unknown fields became millions of objects. Here a field the message does not need is skipped
 * by moving a position, the bytes of kept fields are remembered as offsets and copied once at the
 * end, and every limit is checked when the field is met, so a hostile message is refused before
 * it costs more than a few small objects.
 *
 * <p>Unknown fields are skipped, not refused: protobuf peers are allowed to add fields, and
 * rust-libp2p does (fields 666 and 777 of Record, the publisher and a TTL). What has no use in
 * bulk is capped: {@link KadCodec#MAX_UNKNOWN_FIELDS} unknown fields per message, nested ones
 * included. Group wire types are refused; nothing in kad uses them, and skipping them needs
 * recursion.
 *
 * <p>A field that is not repeated may appear more than once; as protobuf says, the last value
 * wins, and a repeated {@code record} merges field by field.
 */
final class KadDecoder {
    /** How many peer entries of each list a message may carry, and how many are read. */
    record Limits(String what, int readCloser, int maxCloser, int readProviders, int maxProviders, int maxPeers) {}

    /**
     * A request: no request type uses closer peers, and only ADD_PROVIDER uses providers (the
     * sender itself, so one). A few entries are tolerated; closer peers are skipped unread.
     */
    static final Limits REQUEST = new Limits("request", 0, KadCodec.MAX_REQUEST_PEERS, KadCodec.MAX_REQUEST_PEERS,
            KadCodec.MAX_REQUEST_PEERS, KadCodec.MAX_REQUEST_PEERS);
    /**
     * An answer: implementations send k = 20 closer peers; more than {@link KadCodec#MAX_CLOSER_ENTRIES}
     * is refused. A popular key can have thousands of providers, so their entries are not
     * limited, but only the first {@link KadCodec#MAX_PROVIDERS} are read; the rest are skipped.
     */
    static final Limits ANSWER = new Limits("answer", KadCodec.MAX_PEERS, KadCodec.MAX_CLOSER_ENTRIES,
            KadCodec.MAX_PROVIDERS, Integer.MAX_VALUE, Integer.MAX_VALUE);

    private static final int MESSAGE_TYPE = 1;
    private static final int MESSAGE_KEY = 2;
    private static final int MESSAGE_RECORD = 3;
    private static final int MESSAGE_CLOSER_PEERS = 8;
    private static final int MESSAGE_PROVIDER_PEERS = 9;
    private static final int MESSAGE_CLUSTER_LEVEL = 10;
    private static final int RECORD_KEY = 1;
    private static final int RECORD_VALUE = 2;
    private static final int RECORD_TIME_RECEIVED = 5;
    private static final int PEER_ID = 1;
    private static final int PEER_ADDRS = 2;
    private static final int PEER_CONNECTION = 3;

    private final byte[] bytes;
    private final CodedInputStream in;
    private final Limits limits;
    private int unknownFields;
    private int type;
    private final Span key = new Span();
    private boolean hasRecord;
    private final Span recordKey = new Span();
    private final Span recordValue = new Span();
    private final Span timeReceived = new Span();
    private int closerEntries;
    private int providerEntries;
    private final List<PeerInfo> closer = new ArrayList<>();
    private final List<PeerInfo> providers = new ArrayList<>();
    /** Where the addresses of the peer being read start and end; reused for every peer. */
    private final int[] addressSpans = new int[2 * KadCodec.MAX_ADDRESSES];

    /** Offset and length of a bytes field inside the message; empty until the field is seen. */
    private static final class Span {
        int offset;
        int length;

        byte[] copy(byte[] from) {
            return Arrays.copyOfRange(from, offset, offset + length);
        }
    }

    private KadDecoder(byte[] bytes, Limits limits) {
        this.bytes = bytes;
        this.in = CodedInputStream.newInstance(bytes);
        this.limits = limits;
    }

    static KadMessage decode(byte[] bytes, Limits limits) throws KadMessageException {
        if (bytes.length > KadCodec.MAX_MESSAGE_BYTES) {
            throw new KadMessageException("kad message of " + bytes.length + " bytes exceeds the 4 MiB limit");
        }
        try {
            return new KadDecoder(bytes, limits).read();
        } catch (java.io.IOException e) {
            // over a byte array, CodedInputStream fails only with InvalidProtocolBufferException
            throw new KadMessageException("malformed kad message: " + e.getMessage(), e);
        }
    }

    private KadMessage read() throws java.io.IOException, KadMessageException {
        int tag;
        while ((tag = in.readTag()) != 0) {
            int wire = wireType(tag);
            switch (WireFormat.getTagFieldNumber(tag)) {
                case MESSAGE_TYPE -> {
                    if (wire != WireFormat.WIRETYPE_VARINT) {
                        skipUnknown(tag);
                    } else {
                        type = in.readEnum();
                    }
                }
                case MESSAGE_KEY -> {
                    if (wire != WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                        skipUnknown(tag);
                    } else {
                        readSpan(key, KadCodec.MAX_KEY_BYTES, "key");
                    }
                }
                case MESSAGE_RECORD -> {
                    if (wire != WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                        skipUnknown(tag);
                    } else {
                        readRecord();
                    }
                }
                case MESSAGE_CLOSER_PEERS -> {
                    if (wire != WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                        skipUnknown(tag);
                    } else {
                        closerEntries++;
                        checkPeerCounts();
                        readPeerEntry(closer, closerEntries <= limits.readCloser());
                    }
                }
                case MESSAGE_PROVIDER_PEERS -> {
                    if (wire != WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                        skipUnknown(tag);
                    } else {
                        providerEntries++;
                        checkPeerCounts();
                        readPeerEntry(providers, providerEntries <= limits.readProviders());
                    }
                }
                case MESSAGE_CLUSTER_LEVEL -> {
                    if (wire != WireFormat.WIRETYPE_VARINT) {
                        skipUnknown(tag);
                    } else {
                        in.readInt32(); // unused by every implementation
                    }
                }
                default -> skipUnknown(tag);
            }
        }
        if (type < 0 || type >= KadMessage.MessageType.values().length) {
            throw new KadMessageException("unknown kad message type " + type);
        }
        KadMessage.MessageType messageType = KadMessage.MessageType.values()[type];
        Optional<KadMessage.DhtRecord> record = hasRecord
                ? Optional.of(new KadMessage.DhtRecord(recordKey.copy(bytes), recordValue.copy(bytes), timeReceivedText()))
                : Optional.empty();
        // The type can come after the peers, so this is decided only now: in a request, providers
        // mean something to ADD_PROVIDER alone, and anything else never reaches the engine.
        List<PeerInfo> keptProviders = limits == REQUEST && messageType != KadMessage.MessageType.ADD_PROVIDER
                ? List.of()
                : providers;
        return new KadMessage(messageType, key.copy(bytes), record, closer, keptProviders);
    }

    private void checkPeerCounts() throws KadMessageException {
        if (closerEntries > limits.maxCloser()) {
            throw new KadMessageException("kad " + limits.what() + " carries more than " + limits.maxCloser() + " closer peers");
        }
        if (providerEntries > limits.maxProviders()) {
            throw new KadMessageException("kad " + limits.what() + " carries more than " + limits.maxProviders() + " providers");
        }
        if (closerEntries + providerEntries > limits.maxPeers()) {
            throw new KadMessageException("kad " + limits.what() + " carries more than " + limits.maxPeers() + " peers");
        }
    }

    private static int wireType(int tag) throws KadMessageException {
        int wire = WireFormat.getTagWireType(tag);
        if (wire == WireFormat.WIRETYPE_START_GROUP || wire == WireFormat.WIRETYPE_END_GROUP) {
            throw new KadMessageException("field " + WireFormat.getTagFieldNumber(tag) + " of a kad message is a group; kad has none");
        }
        return wire;
    }

    /** Moves past a field this decoder does not use; nothing is allocated for it. */
    private void skipUnknown(int tag) throws java.io.IOException, KadMessageException {
        if (++unknownFields > KadCodec.MAX_UNKNOWN_FIELDS) {
            throw new KadMessageException("kad message carries more than " + KadCodec.MAX_UNKNOWN_FIELDS
                    + " unknown fields (the last was field " + WireFormat.getTagFieldNumber(tag) + ")");
        }
        in.skipField(tag); // wire types 6 and 7 fail here as malformed
    }

    /** Remembers where a bytes field is and moves past it, refusing it if it is longer than max. */
    private void readSpan(Span span, int max, String name) throws java.io.IOException, KadMessageException {
        int length = in.readRawVarint32();
        if (length > max) {
            throw new KadMessageException("kad message " + name + " of " + length + " bytes exceeds " + max);
        }
        int offset = in.getTotalBytesRead();
        in.skipRawBytes(length); // fails if negative or past the end
        span.offset = offset;
        span.length = length;
    }

    private void readRecord() throws java.io.IOException, KadMessageException {
        int limit = in.pushLimit(in.readRawVarint32());
        hasRecord = true;
        int tag;
        while ((tag = in.readTag()) != 0) {
            int wire = wireType(tag);
            int field = WireFormat.getTagFieldNumber(tag);
            if (wire != WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                skipUnknown(tag);
            } else if (field == RECORD_KEY) {
                readSpan(recordKey, KadCodec.MAX_KEY_BYTES, "record key");
            } else if (field == RECORD_VALUE) {
                readSpan(recordValue, KadCodec.MAX_MESSAGE_BYTES, "record value");
            } else if (field == RECORD_TIME_RECEIVED) {
                readSpan(timeReceived, KadCodec.MAX_TIME_RECEIVED_BYTES, "record timeReceived");
            } else {
                skipUnknown(tag);
            }
        }
        in.popLimit(limit);
    }

    /** proto3 strings must be UTF-8; the generated parser refused anything else, and so do we. */
    private String timeReceivedText() throws KadMessageException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, timeReceived.offset, timeReceived.length))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new KadMessageException("kad record timeReceived is not UTF-8");
        }
    }

    /**
     * One entry of a peer list. Only when {@code read} is it parsed (and added to {@code into} if
     * its id is valid); otherwise, and when it is larger than {@link KadCodec#MAX_PEER_BYTES}, its
     * bytes are skipped unread.
     */
    private void readPeerEntry(List<PeerInfo> into, boolean read) throws java.io.IOException, KadMessageException {
        int length = in.readRawVarint32();
        if (!read || length > KadCodec.MAX_PEER_BYTES) {
            in.skipRawBytes(length);
            return;
        }
        int limit = in.pushLimit(length);
        Span id = new Span();
        boolean hasId = false;
        int addresses = 0;
        int tag;
        while ((tag = in.readTag()) != 0) {
            int wire = wireType(tag);
            int field = WireFormat.getTagFieldNumber(tag);
            if (field == PEER_ID && wire == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                readSpan(id, KadCodec.MAX_PEER_BYTES, "peer id");
                hasId = true;
            } else if (field == PEER_ADDRS && wire == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                int n = in.readRawVarint32();
                int offset = in.getTotalBytesRead();
                in.skipRawBytes(n);
                if (addresses < KadCodec.MAX_ADDRESSES) { // the rest are skipped unread
                    addressSpans[2 * addresses] = offset;
                    addressSpans[2 * addresses + 1] = n;
                    addresses++;
                }
            } else if (field == PEER_CONNECTION && wire == WireFormat.WIRETYPE_VARINT) {
                in.readEnum(); // what the sender thinks of its connection to the peer: unused
            } else {
                skipUnknown(tag);
            }
        }
        in.popLimit(limit);
        if (!hasId) {
            return;
        }
        PeerId peer;
        try {
            peer = PeerId.fromBytes(id.copy(bytes));
        } catch (RuntimeException e) {
            return; // a peer we cannot name is of no use
        }
        List<Multiaddr> addrs = new ArrayList<>(addresses);
        for (int i = 0; i < addresses; i++) {
            int offset = addressSpans[2 * i];
            try {
                addrs.add(Multiaddr.decode(Arrays.copyOfRange(bytes, offset, offset + addressSpans[2 * i + 1])));
            } catch (RuntimeException e) {
                // one bad address does not make the peer useless
            }
        }
        into.add(new PeerInfo(peer, addrs));
    }
}
