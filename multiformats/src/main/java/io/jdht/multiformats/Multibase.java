package io.jdht.multiformats;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Multibase: text that names its own base encoding with a one-character prefix ({@code z} for
 * base58btc, {@code b} for base32, {@code k} for base36, …).
 *
 * <p>{@link #encode} and {@link #decode(String)} include the prefix; {@link #encodeRaw} and
 * {@link #decodeRaw} are the bare encodings, which peer ids ({@code Qm…}, {@code 12D3…}) use.
 * Decoding follows the spec's leniency: the case-insensitive bases accept either case, and the
 * RFC 4648 bases accept text with or without {@code =} padding. Encoding always gives the one
 * canonical form, as in the multibase test vectors.
 *
 * <p>The prefix is a code point rather than a {@code char} because base256emoji's prefix (🚀,
 * U+1F680) lies outside the 16-bit range; {@link #forPrefix} returns an {@link Optional} because an
 * unknown prefix is ordinary bad input.
 */
public enum Multibase {
    BASE2('0', bits("01", false, false)),
    BASE8('7', bits("01234567", false, false)),
    BASE10('9', radix("0123456789", false)),
    BASE16('f', bits("0123456789abcdef", false, true)),
    BASE16UPPER('F', bits("0123456789ABCDEF", false, true)),
    BASE32HEX('v', bits("0123456789abcdefghijklmnopqrstuv", false, true)),
    BASE32HEXUPPER('V', bits("0123456789ABCDEFGHIJKLMNOPQRSTUV", false, true)),
    BASE32HEXPAD('t', bits("0123456789abcdefghijklmnopqrstuv", true, true)),
    BASE32HEXPADUPPER('T', bits("0123456789ABCDEFGHIJKLMNOPQRSTUV", true, true)),
    BASE32('b', bits("abcdefghijklmnopqrstuvwxyz234567", false, true)),
    BASE32UPPER('B', bits("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", false, true)),
    BASE32PAD('c', bits("abcdefghijklmnopqrstuvwxyz234567", true, true)),
    BASE32PADUPPER('C', bits("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", true, true)),
    BASE32Z('h', bits("ybndrfg8ejkmcpqxot1uwisza345h769", false, false)),
    BASE36('k', radix("0123456789abcdefghijklmnopqrstuvwxyz", true)),
    BASE36UPPER('K', radix("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", true)),
    BASE58BTC('z', radix("123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz", false)),
    BASE58FLICKR('Z', radix("123456789abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ", false)),
    BASE64('m', bits("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", false, false)),
    BASE64PAD('M', bits("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", true, false)),
    BASE64URL('u', bits("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", false, false)),
    BASE64URLPAD('U', bits("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", true, false)),
    BASE256EMOJI(0x1F680, new EmojiCodec());

    /** The operations each encoding provides; package-private so the enum stays the only API. */
    interface Codec {
        String encode(byte[] data);

        byte[] decode(String text, String name);
    }

    private static final Map<Integer, Multibase> BY_PREFIX = new HashMap<>();

    static {
        for (Multibase m : values()) {
            BY_PREFIX.put(m.prefix, m);
        }
    }

    private final int prefix;
    private final Codec codec;

    Multibase(int prefixCodePoint, Codec codec) {
        this.prefix = prefixCodePoint;
        this.codec = codec;
    }

    /** The prefix character, as a code point (every prefix but base256emoji's is one ASCII char). */
    public int prefixCodePoint() {
        return prefix;
    }

    /** The spec's name, e.g. {@code base58btc}. */
    public String specName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Encodes with the prefix. */
    public String encode(byte[] data) {
        return Character.toString(prefix) + codec.encode(data);
    }

    /** Encodes without the prefix. */
    public String encodeRaw(byte[] data) {
        return codec.encode(data);
    }

    /**
     * Decodes text without a prefix.
     *
     * @throws InvalidMultiformatException for a character outside the alphabet, a length that no
     *     data encodes to, or base10/base36/base58 text longer than 65536 characters
     */
    public byte[] decodeRaw(String text) {
        return codec.decode(text, specName());
    }

    /** The encoding a prefix names. */
    public static Optional<Multibase> forPrefix(int codePoint) {
        return Optional.ofNullable(BY_PREFIX.get(codePoint));
    }

    /** Decodes prefixed text in whichever encoding its prefix names. */
    public static byte[] decode(String text) {
        return decodeWithBase(text).data();
    }

    /** Decoded bytes together with the encoding they were in. */
    public record Decoded(Multibase base, byte[] data) {}

    public static Decoded decodeWithBase(String text) {
        if (text.isEmpty()) {
            throw new InvalidMultiformatException("multibase text is empty");
        }
        int cp = text.codePointAt(0);
        Multibase base = forPrefix(cp).orElseThrow(() -> new InvalidMultiformatException(
                "unknown multibase prefix '" + Character.toString(cp) + "'"));
        return new Decoded(base, base.decodeRaw(text.substring(Character.charCount(cp))));
    }

    private static Codec bits(String alphabet, boolean pad, boolean caseInsensitive) {
        return new BitPackingCodec(alphabet, pad, caseInsensitive);
    }

    private static Codec radix(String alphabet, boolean caseInsensitive) {
        return new RadixCodec(alphabet, caseInsensitive);
    }
}
