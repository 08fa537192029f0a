package io.jdht.multiformats;

/**
 * RFC 4648-style codecs whose base is a power of two (base2, base8, base16, base32, base64): the
 * input is read as one long bit string, cut into groups of {@code log2(base)} bits, the last group
 * padded with zero bits, and each group written as one character; padded variants add {@code =} up
 * to a whole block.
 */
final class BitPackingCodec implements Multibase.Codec {
    private final String alphabet;
    private final int bitsPerChar;
    private final boolean pad;
    private final boolean caseInsensitive;
    private final int[] lookup = new int[128];

    BitPackingCodec(String alphabet, boolean pad, boolean caseInsensitive) {
        this.alphabet = alphabet;
        this.bitsPerChar = Integer.numberOfTrailingZeros(alphabet.length());
        this.pad = pad;
        this.caseInsensitive = caseInsensitive;
        java.util.Arrays.fill(lookup, -1);
        for (int i = 0; i < alphabet.length(); i++) {
            char c = alphabet.charAt(i);
            lookup[c] = i;
            if (caseInsensitive) {
                lookup[Character.toLowerCase(c)] = i;
                lookup[Character.toUpperCase(c)] = i;
            }
        }
    }

    @Override
    public String encode(byte[] data) {
        StringBuilder out = new StringBuilder((data.length * 8 + bitsPerChar - 1) / bitsPerChar + 8);
        int buffer = 0;
        int bits = 0;
        int mask = (1 << bitsPerChar) - 1;
        for (byte b : data) {
            buffer = (buffer << 8) | (b & 0xFF);
            bits += 8;
            while (bits >= bitsPerChar) {
                bits -= bitsPerChar;
                out.append(alphabet.charAt((buffer >>> bits) & mask));
            }
            buffer &= (1 << bits) - 1;
        }
        if (bits > 0) {
            out.append(alphabet.charAt((buffer << (bitsPerChar - bits)) & mask));
        }
        if (pad) {
            int block = blockChars();
            while (out.length() % block != 0) {
                out.append('=');
            }
        }
        return out.toString();
    }

    /** Characters per whole block: the least multiple of bitsPerChar that is a multiple of 8. */
    private int blockChars() {
        int chars = 1;
        while ((chars * bitsPerChar) % 8 != 0) {
            chars++;
        }
        return chars;
    }

    @Override
    public byte[] decode(String text, String name) {
        int end = text.length();
        while (end > 0 && text.charAt(end - 1) == '=') {
            end--;
        }
        byte[] out = new byte[end * bitsPerChar / 8];
        int buffer = 0;
        int bits = 0;
        int n = 0;
        for (int i = 0; i < end; i++) {
            char c = text.charAt(i);
            int v = c < 128 ? lookup[c] : -1;
            if (v < 0) {
                throw new InvalidMultiformatException(
                        name + " text has an invalid character '" + c + "' at position " + i
                                + (caseInsensitive ? "" : " (this encoding is case-sensitive)"));
            }
            buffer = (buffer << bitsPerChar) | v;
            bits += bitsPerChar;
            if (bits >= 8) {
                bits -= 8;
                out[n++] = (byte) (buffer >>> bits);
                buffer &= (1 << bits) - 1;
            }
        }
        if (bits >= bitsPerChar) {
            // a whole character that completes no byte: the text was cut short
            throw new InvalidMultiformatException(name + " text has a length that no byte string encodes to");
        }
        return n == out.length ? out : java.util.Arrays.copyOf(out, n);
    }
}
