package io.jdht.multiformats;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * IP address text, parsed without ever touching DNS and printed in canonical form (dotted quad;
 * RFC 5952 for IPv6: lower case, leading zeros dropped, the longest run of zero groups as "::",
 * IPv4-mapped addresses as {@code ::ffff:a.b.c.d}).
 */
final class Ip {
    private Ip() {}

    static byte[] parse4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            throw new InvalidMultiformatException("'" + text + "' is not an IPv4 address (want four dotted numbers)");
        }
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')
                    || (p.length() > 1 && p.charAt(0) == '0')) {
                throw new InvalidMultiformatException("'" + text + "' is not an IPv4 address (bad octet '" + p + "')");
            }
            int v = Integer.parseInt(p);
            if (v > 255) {
                throw new InvalidMultiformatException("'" + text + "' is not an IPv4 address (octet " + v + " > 255)");
            }
            out[i] = (byte) v;
        }
        return out;
    }

    static byte[] parse6(String text) {
        if (text.indexOf(':') < 0 || text.indexOf('%') >= 0 || text.indexOf('[') >= 0) {
            throw new InvalidMultiformatException("'" + text + "' is not an IPv6 address");
        }
        InetAddress a;
        try {
            a = Inet6Address.ofLiteral(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidMultiformatException("'" + text + "' is not an IPv6 address");
        }
        byte[] raw = a.getAddress();
        if (a instanceof Inet4Address) {
            // the JDK folds IPv4-mapped addresses (::ffff:a.b.c.d) into IPv4; keep the 16-byte form
            byte[] mapped = new byte[16];
            mapped[10] = (byte) 0xFF;
            mapped[11] = (byte) 0xFF;
            System.arraycopy(raw, 0, mapped, 12, 4);
            return mapped;
        }
        return raw;
    }

    private static boolean isIpv4Mapped(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return b[10] == (byte) 0xFF && b[11] == (byte) 0xFF;
    }

    static String format4(byte[] b) {
        return (b[0] & 0xFF) + "." + (b[1] & 0xFF) + "." + (b[2] & 0xFF) + "." + (b[3] & 0xFF);
    }

    static String format6(byte[] b) {
        if (isIpv4Mapped(b)) {
            // RFC 5952 section 5: IPv4-mapped addresses keep the dotted quad (as go-multiaddr prints them)
            return "::ffff:" + format4(java.util.Arrays.copyOfRange(b, 12, 16));
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((b[2 * i] & 0xFF) << 8) | (b[2 * i + 1] & 0xFF);
        }
        int bestStart = -1;
        int bestLen = 1; // a single zero group is not shortened (RFC 5952 4.2.2)
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                s.append("::");
                i += bestLen - 1;
                continue;
            }
            if (s.length() > 0 && s.charAt(s.length() - 1) != ':') {
                s.append(':');
            }
            s.append(Integer.toHexString(groups[i]));
        }
        return s.toString();
    }
}
