package io.jdht.multiformats;

import java.util.Arrays;

/**
 * Codecs for bases that are not powers of two (base10, base36, base58): the input is read as one
 * big-endian number and written in the base, and each leading zero byte becomes one leading
 * zero-digit, so that leading zeros survive the round trip.
 *
 * <p>The number is held as 32-bit limbs, least significant first, and converted several digits at
 * a time (as many as keep the group factor below 2<sup>31</sup>, e.g. five base58 digits), so one
 * pass over the limbs handles a whole group. Conversion is still quadratic in the length, as it is
 * for every such codec; {@link #MAX_LENGTH} caps the text a decoder accepts, so hostile text costs
 * a bounded amount of time (tens of milliseconds at the limit). Peer ids and CIDs are far shorter.
 */
final class RadixCodec implements Multibase.Codec {
    /** Longest text accepted, so that a hostile string cannot cost quadratic time without bound. */
    static final int MAX_LENGTH = 1 << 16;

    private final String alphabet;
    private final int base;
    private final int digitsPerGroup;
    private final long groupFactor;
    private final int[] lookup = new int[128];

    RadixCodec(String alphabet, boolean caseInsensitive) {
        this.alphabet = alphabet;
        this.base = alphabet.length();
        int k = 0;
        long factor = 1;
        while (factor * base < (1L << 31)) {
            factor *= base;
            k++;
        }
        this.digitsPerGroup = k;
        this.groupFactor = factor;
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
        int[] limbs = toLimbs(data, zeros);
        int used = limbs.length;
        StringBuilder reversed = new StringBuilder(data.length * 2 + zeros);
        while (used > 0) {
            // divide the number by groupFactor in place; the remainder holds the next digits
            long rem = 0;
            for (int i = used - 1; i >= 0; i--) {
                long cur = (rem << 32) | (limbs[i] & 0xFFFFFFFFL);
                long q = cur / groupFactor;
                limbs[i] = (int) q;
                rem = cur - q * groupFactor;
            }
            while (used > 0 && limbs[used - 1] == 0) {
                used--;
            }
            for (int d = 0; d < digitsPerGroup; d++) {
                reversed.append(alphabet.charAt((int) (rem % base)));
                rem /= base;
            }
        }
        // the last group was padded with zero digits at the top; they are not part of the number
        int len = reversed.length();
        while (len > 0 && reversed.charAt(len - 1) == alphabet.charAt(0)) {
            len--;
        }
        reversed.setLength(len);
        for (int i = 0; i < zeros; i++) {
            reversed.append(alphabet.charAt(0));
        }
        return reversed.reverse().toString();
    }

    @Override
    public byte[] decode(String text, String name) {
        if (text.length() > MAX_LENGTH) {
            throw new InvalidMultiformatException(
                    name + " text of " + text.length() + " characters exceeds the limit of " + MAX_LENGTH);
        }
        int zeros = 0;
        while (zeros < text.length() && digit(text, zeros, name) == 0) {
            zeros++;
        }
        int significant = text.length() - zeros;
        // log2(58) < 6 bits per digit, so this many limbs always suffice
        int[] limbs = new int[significant * 6 / 32 + 2];
        int used = 0;
        int i = zeros;
        while (i < text.length()) {
            int take = Math.min(digitsPerGroup, text.length() - i);
            long chunk = 0;
            long factor = 1;
            for (int d = 0; d < take; d++) {
                chunk = chunk * base + digit(text, i + d, name);
                factor *= base;
            }
            i += take;
            // number = number * factor + chunk
            long carry = chunk;
            for (int l = 0; l < used; l++) {
                long cur = (limbs[l] & 0xFFFFFFFFL) * factor + carry;
                limbs[l] = (int) cur;
                carry = cur >>> 32;
            }
            if (carry != 0) {
                limbs[used++] = (int) carry;
            }
        }
        int bytes = 0;
        if (used > 0) {
            bytes = (used - 1) * 4 + (32 - Integer.numberOfLeadingZeros(limbs[used - 1]) + 7) / 8;
        }
        byte[] out = new byte[zeros + bytes];
        for (int b = 0; b < bytes; b++) {
            out[out.length - 1 - b] = (byte) (limbs[b / 4] >>> (8 * (b % 4)));
        }
        return out;
    }

    /** Big-endian bytes from {@code from} on, as 32-bit limbs, least significant limb first. */
    private static int[] toLimbs(byte[] data, int from) {
        int n = data.length - from;
        int[] limbs = new int[(n + 3) / 4];
        for (int b = 0; b < n; b++) {
            limbs[b / 4] |= (data[data.length - 1 - b] & 0xFF) << (8 * (b % 4));
        }
        return limbs;
    }

    private int digit(String text, int i, String name) {
        char c = text.charAt(i);
        int v = c < 128 ? lookup[c] : -1;
        if (v < 0) {
            throw new InvalidMultiformatException(
                    name + " text has an invalid character '" + c + "' at position " + i);
        }
        return v;
    }
}
