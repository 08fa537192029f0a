package io.jdht.multiformats;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * Codecs for bases that are not powers of two (base10, base36, base58): the input is read as one
 * big-endian number and written in the base, and each leading zero byte becomes one leading
 * zero-digit, so that leading zeros survive the round trip.
 *
 * <p>Decoding is quadratic in the length, as for every such codec; callers bound the input length
 * (peer ids and CIDs are short), and {@link #MAX_LENGTH} caps it here regardless.
 */
final class RadixCodec implements Multibase.Codec {
    /** Longest text accepted, so that a hostile string cannot cost quadratic time without bound. */
    static final int MAX_LENGTH = 1 << 16;

    private final String alphabet;
    private final BigInteger base;
    private final int[] lookup = new int[128];

    RadixCodec(String alphabet, boolean caseInsensitive) {
        this.alphabet = alphabet;
        this.base = BigInteger.valueOf(alphabet.length());
        Arrays.fill(lookup, -1);
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
        int zeros = 0;
        while (zeros < data.length && data[zeros] == 0) {
            zeros++;
        }
        StringBuilder digits = new StringBuilder();
        BigInteger n = new BigInteger(1, data);
        while (n.signum() > 0) {
            BigInteger[] qr = n.divideAndRemainder(base);
            digits.append(alphabet.charAt(qr[1].intValue()));
            n = qr[0];
        }
        for (int i = 0; i < zeros; i++) {
            digits.append(alphabet.charAt(0));
        }
        return digits.reverse().toString();
    }

    @Override
    public byte[] decode(String text, String name) {
        if (text.length() > MAX_LENGTH) {
            throw new InvalidMultiformatException(name + " text of " + text.length() + " characters exceeds the limit of " + MAX_LENGTH);
        }
        int zeros = 0;
        while (zeros < text.length() && lookupOrFail(text, zeros, name) == 0) {
            zeros++;
        }
        BigInteger n = BigInteger.ZERO;
        for (int i = zeros; i < text.length(); i++) {
            n = n.multiply(base).add(BigInteger.valueOf(lookupOrFail(text, i, name)));
        }
        byte[] magnitude = n.signum() == 0 ? new byte[0] : n.toByteArray();
        int skip = magnitude.length > 0 && magnitude[0] == 0 ? 1 : 0; // BigInteger's sign byte
        byte[] out = new byte[zeros + magnitude.length - skip];
        System.arraycopy(magnitude, skip, out, zeros, magnitude.length - skip);
        return out;
    }

    private int lookupOrFail(String text, int i, String name) {
        char c = text.charAt(i);
        int v = c < 128 ? lookup[c] : -1;
        if (v < 0) {
            throw new InvalidMultiformatException(name + " text has an invalid character '" + c + "' at position " + i);
        }
        return v;
    }
}
