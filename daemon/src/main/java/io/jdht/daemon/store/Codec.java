package io.jdht.daemon.store;

import io.jdht.crypto.PeerId;
import io.jdht.crypto.PublicKey;
import io.jdht.kad.RenewalLog;
import io.jdht.kad.record.ProviderRecord;
import io.jdht.kad.record.StoredRecord;
import io.jdht.multiformats.Multiaddr;
import io.jdht.node.SavedPeer;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The bytes of each kind of entry. Every value starts with a layout byte (1; value records 2,
 * which added the publisher), so a later version can change a layout and still read the old one. Times are seconds and nanoseconds since the
 * epoch, exact for any instant. Lengths are unsigned 16-bit (keys, addresses, names) or 32-bit
 * (keys and values that may be larger). Decoding a damaged entry throws
 * {@link IllegalArgumentException}; the datastore then refuses to open rather than skip it.
 */
final class Codec {
    private static final byte LAYOUT = 1;
    /** Value records since they name their publisher, for its quota across restarts. */
    private static final byte RECORD_LAYOUT = 2;

    private Codec() {}

    // ------------------------------------------------------------ value records: key -> (time, publisher, value)

    /** Layout 2: the time, the publisher's peer id ({@code u16} length, 0 when unknown), the value. */
    static byte[] record(StoredRecord r) {
        return write(RECORD_LAYOUT, out -> {
            time(out, r.received());
            byte[] publisher = r.publisher().map(PeerId::toBytes).orElse(new byte[0]);
            out.writeShort(publisher.length);
            out.write(publisher);
            out.write(r.value());
        });
    }

    /** Reads layout 2, and layout 1 (time and value: the publisher is not known). */
    static StoredRecord record(byte[] key, byte[] bytes) {
        if (bytes.length > 0 && bytes[0] == LAYOUT) {
            ByteBuffer in = open(bytes);
            Instant received = time(in);
            return new StoredRecord(key, rest(in), received);
        }
        ByteBuffer in = open(bytes, RECORD_LAYOUT);
        Instant received = time(in);
        try {
            byte[] publisher = bytes(in, Short.toUnsignedInt(in.getShort()));
            Optional<PeerId> by = publisher.length == 0 ? Optional.empty() : Optional.of(PeerId.fromBytes(publisher));
            return new StoredRecord(key, rest(in), received, by);
        } catch (BufferUnderflowException | IndexOutOfBoundsException e) {
            throw new IllegalArgumentException("record entry is truncated", e);
        }
    }

    // ------------------------------------------------------------ providers: (key, peer) -> (time, addresses)

    static byte[] providerKey(byte[] key, PeerId provider) {
        byte[] peer = provider.toBytes();
        ByteBuffer b = ByteBuffer.allocate(4 + key.length + peer.length);
        b.putInt(key.length).put(key).put(peer);
        return b.array();
    }

    /** The (key, provider) of a provider entry's map key. */
    record ProviderKey(byte[] key, PeerId provider) {}

    static ProviderKey providerKey(byte[] mapKey) {
        ByteBuffer in = ByteBuffer.wrap(mapKey);
        try {
            byte[] key = bytes(in, in.getInt());
            return new ProviderKey(key, PeerId.fromBytes(rest(in)));
        } catch (BufferUnderflowException | IndexOutOfBoundsException e) {
            throw new IllegalArgumentException("provider entry key is truncated", e);
        }
    }

    static byte[] provider(ProviderRecord r) {
        return write(out -> {
            time(out, r.received());
            addresses(out, r.addresses());
        });
    }

    static ProviderRecord provider(PeerId provider, byte[] bytes) {
        ByteBuffer in = open(bytes);
        Instant received = time(in);
        return new ProviderRecord(provider, addresses(in), received);
    }

    // ------------------------------------------------------------ own records

    static byte[] provided(Instant at) {
        return write(out -> time(out, at));
    }

    static RenewalLog.Provided provided(byte[] multihash, byte[] bytes) {
        return new RenewalLog.Provided(multihash, time(open(bytes)));
    }

    static byte[] published(byte[] value, Instant at) {
        return write(out -> {
            time(out, at);
            out.write(value);
        });
    }

    static RenewalLog.Published published(byte[] key, byte[] bytes) {
        ByteBuffer in = open(bytes);
        Instant at = time(in);
        return new RenewalLog.Published(key, rest(in), at);
    }

    // ------------------------------------------------------------ saved peers: id -> entry

    static byte[] peer(SavedPeer p) {
        return write(out -> {
            addresses(out, p.addresses());
            byte[] key = p.publicKey().map(PublicKey::marshal).orElse(new byte[0]);
            out.writeInt(key.length);
            out.write(key);
            out.writeShort(p.protocols().size());
            for (String protocol : p.protocols()) {
                text(out, protocol);
            }
            out.writeBoolean(p.agentVersion().isPresent());
            if (p.agentVersion().isPresent()) {
                text(out, p.agentVersion().get());
            }
        });
    }

    static SavedPeer peer(PeerId id, byte[] bytes) {
        ByteBuffer in = open(bytes);
        try {
            List<Multiaddr> addrs = addresses(in);
            byte[] key = bytes(in, in.getInt());
            Optional<PublicKey> publicKey = key.length == 0 ? Optional.empty() : Optional.of(PublicKey.unmarshal(key));
            int n = Short.toUnsignedInt(in.getShort());
            Set<String> protocols = new HashSet<>();
            for (int i = 0; i < n; i++) {
                protocols.add(text(in));
            }
            Optional<String> agent = in.get() != 0 ? Optional.of(text(in)) : Optional.empty();
            return new SavedPeer(id, addrs, publicKey, protocols, agent);
        } catch (BufferUnderflowException | IndexOutOfBoundsException e) {
            throw new IllegalArgumentException("saved peer entry is truncated", e);
        }
    }

    // ------------------------------------------------------------ parts

    private interface Writes {
        void to(DataOutputStream out) throws IOException;
    }

    private static byte[] write(Writes w) {
        return write(LAYOUT, w);
    }

    private static byte[] write(byte layout, Writes w) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(buf)) {
            out.writeByte(layout);
            w.to(out);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory failed", e);
        }
        return buf.toByteArray();
    }

    private static ByteBuffer open(byte[] bytes) {
        return open(bytes, LAYOUT);
    }

    private static ByteBuffer open(byte[] bytes, byte layout) {
        if (bytes.length == 0 || bytes[0] != layout) {
            throw new IllegalArgumentException("entry has layout " + (bytes.length == 0 ? "none" : bytes[0])
                    + ", not " + layout);
        }
        return ByteBuffer.wrap(bytes, 1, bytes.length - 1);
    }

    private static void time(DataOutputStream out, Instant t) throws IOException {
        out.writeLong(t.getEpochSecond());
        out.writeInt(t.getNano());
    }

    private static Instant time(ByteBuffer in) {
        try {
            return Instant.ofEpochSecond(in.getLong(), in.getInt());
        } catch (BufferUnderflowException | java.time.DateTimeException e) {
            throw new IllegalArgumentException("entry time is damaged", e);
        }
    }

    private static void addresses(DataOutputStream out, List<Multiaddr> addrs) throws IOException {
        out.writeShort(addrs.size());
        for (Multiaddr a : addrs) {
            byte[] b = a.toBytes();
            out.writeShort(b.length);
            out.write(b);
        }
    }

    private static List<Multiaddr> addresses(ByteBuffer in) {
        try {
            int n = Short.toUnsignedInt(in.getShort());
            List<Multiaddr> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                out.add(Multiaddr.decode(bytes(in, Short.toUnsignedInt(in.getShort()))));
            }
            return out;
        } catch (BufferUnderflowException | IndexOutOfBoundsException e) {
            throw new IllegalArgumentException("entry addresses are truncated", e);
        }
    }

    private static void text(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeShort(b.length);
        out.write(b);
    }

    private static String text(ByteBuffer in) {
        return new String(bytes(in, Short.toUnsignedInt(in.getShort())), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(ByteBuffer in, int n) {
        if (n < 0 || n > in.remaining()) {
            throw new IndexOutOfBoundsException("length " + n + " with " + in.remaining() + " bytes left");
        }
        byte[] b = new byte[n];
        in.get(b);
        return b;
    }

    private static byte[] rest(ByteBuffer in) {
        return Arrays.copyOfRange(in.array(), in.arrayOffset() + in.position(), in.arrayOffset() + in.limit());
    }
}
