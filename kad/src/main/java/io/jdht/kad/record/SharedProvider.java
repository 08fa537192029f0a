package io.jdht.kad.record;

import io.jdht.crypto.PeerId;
import io.jdht.multiformats.Multiaddr;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A provider and the addresses it announced, shared by every record of an
 * {@link InMemoryProviderStore} that names both, kept as their wire bytes: {@code [u16 length][peer
 * id]} then {@code [u16 count]} and per address {@code [u16 length][multiaddr]}. Bytes cost a
 * fraction of the parsed objects (a peer id and two addresses take about 90 bytes so, 550 as
 * objects); they are parsed again only to answer, at most 20 per key. Counted by use, and dropped
 * with its last record.
 */
final class SharedProvider {
    /** Estimated bytes besides the wire bytes: the object, the array header, the interning map's node. */
    static final int OVERHEAD = 80;

    final byte[] bytes;
    final int hash;
    int uses;

    private SharedProvider(byte[] bytes) {
        this.bytes = bytes;
        this.hash = Arrays.hashCode(bytes);
    }

    static SharedProvider of(byte[] peer, List<Multiaddr> addresses) {
        List<byte[]> addrs = new ArrayList<>(addresses.size());
        int size = 2 + peer.length + 2;
        for (Multiaddr a : addresses) {
            byte[] b = a.toBytes();
            addrs.add(b);
            size += 2 + b.length;
        }
        if (peer.length > 0xffff || addrs.size() > 0xffff || addrs.stream().anyMatch(b -> b.length > 0xffff)) {
            throw new IllegalArgumentException("provider record too large to store"); // never so from the wire
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        out.putShort((short) peer.length).put(peer).putShort((short) addrs.size());
        for (byte[] b : addrs) {
            out.putShort((short) b.length).put(b);
        }
        return new SharedProvider(out.array());
    }

    /** What it is estimated to cost in memory. */
    long cost() {
        return OVERHEAD + bytes.length;
    }

    boolean isPeer(byte[] peer) {
        int n = Short.toUnsignedInt(ByteBuffer.wrap(bytes).getShort());
        return n == peer.length && Arrays.equals(bytes, 2, 2 + n, peer, 0, n);
    }

    byte[] peerBytes() {
        int n = Short.toUnsignedInt(ByteBuffer.wrap(bytes).getShort());
        return Arrays.copyOfRange(bytes, 2, 2 + n);
    }

    PeerId peer() {
        return PeerId.fromBytes(peerBytes());
    }

    List<Multiaddr> addresses() {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        in.position(2 + Short.toUnsignedInt(in.getShort(0)));
        int count = Short.toUnsignedInt(in.getShort());
        List<Multiaddr> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            byte[] b = new byte[Short.toUnsignedInt(in.getShort())];
            in.get(b);
            out.add(Multiaddr.decode(b));
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SharedProvider p && hash == p.hash && Arrays.equals(bytes, p.bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }
}
