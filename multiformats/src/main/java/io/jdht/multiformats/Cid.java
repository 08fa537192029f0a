package io.jdht.multiformats;

import java.nio.ByteBuffer;

/**
 * A content identifier. Version 0 is a bare sha2-256 multihash of a dag-pb node, written in
 * base58btc ({@code Qm…}); version 1 is {@code varint(1) varint(codec) multihash}, written in any
 * multibase and by default in base32 ({@code bafy…}).
 *
 * @param version 0 or 1
 * @param codec the content type's multicodec code ({@code dag-pb} for v0)
 * @param hash the multihash of the content
 */
public record Cid(int version, long codec, Multihash hash) {
    public Cid {
        if (version == 0) {
            if (codec != Multicodec.DAG_PB || hash.code() != Multicodec.SHA2_256 || hash.digest().length != 32) {
                throw new InvalidMultiformatException("a CIDv0 must be a dag-pb sha2-256 hash of 32 bytes");
            }
        } else if (version != 1) {
            throw new InvalidMultiformatException("unsupported CID version " + version);
        }
        if (codec < 0) {
            throw new InvalidMultiformatException("CID codec must not be negative");
        }
    }

    public static Cid v0(Multihash hash) {
        return new Cid(0, Multicodec.DAG_PB, hash);
    }

    public static Cid v1(long codec, Multihash hash) {
        return new Cid(1, codec, hash);
    }

    /** Parses text: a 46-character {@code Qm…} CIDv0, or a CIDv1 in any multibase. */
    public static Cid parse(String text) {
        if (text.length() == 46 && text.startsWith("Qm")) {
            return v0(Multihash.decode(Multibase.BASE58BTC.decodeRaw(text)));
        }
        if (text.isEmpty()) {
            throw new InvalidMultiformatException("CID text is empty");
        }
        byte[] bytes = Multibase.decode(text);
        Cid cid = decode(bytes);
        if (cid.version == 0) {
            throw new InvalidMultiformatException("a CIDv0 is written in base58btc without a multibase prefix");
        }
        return cid;
    }

    /** Decodes the binary form (a CIDv0 is its bare multihash). */
    public static Cid decode(byte[] bytes) {
        if (bytes.length >= 2 && bytes[0] == Multicodec.SHA2_256 && bytes[1] == 32) {
            // no CIDv1 starts with 0x12 (it would be version 18): this is a bare sha2-256 multihash
            if (bytes.length != 34) {
                throw new InvalidMultiformatException("a binary CIDv0 is 34 bytes, not " + bytes.length);
            }
            return v0(Multihash.decode(bytes));
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        long version = Varint.read(in);
        if (version != 1) {
            throw new InvalidMultiformatException("unsupported CID version " + version);
        }
        long codec = Varint.read(in);
        Multihash hash = Multihash.read(in);
        if (in.hasRemaining()) {
            throw new InvalidMultiformatException("CID is followed by " + in.remaining() + " unexpected byte(s)");
        }
        return v1(codec, hash);
    }

    public byte[] toBytes() {
        if (version == 0) {
            return hash.toBytes();
        }
        byte[] mh = hash.toBytes();
        byte[] out = new byte[Varint.size(1) + Varint.size(codec) + mh.length];
        int n = Varint.write(1, out, 0);
        n += Varint.write(codec, out, n);
        System.arraycopy(mh, 0, out, n, mh.length);
        return out;
    }

    /** The same content as a CIDv1 (a v1 CID is returned as is). */
    public Cid toV1() {
        return version == 1 ? this : v1(codec, hash);
    }

    /** v0 in base58btc, v1 in base32. */
    @Override
    public String toString() {
        return version == 0 ? Multibase.BASE58BTC.encodeRaw(toBytes()) : Multibase.BASE32.encode(toBytes());
    }

    /** A CIDv1 in the given multibase. */
    public String toString(Multibase base) {
        if (version == 0) {
            throw new IllegalStateException("a CIDv0 has only one text form; convert with toV1() first");
        }
        return base.encode(toBytes());
    }
}
