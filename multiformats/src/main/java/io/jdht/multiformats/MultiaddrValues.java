package io.jdht.multiformats;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/** Converts multiaddr component values between their text and binary forms, checking each. */
final class MultiaddrValues {
    /** Longest variable-size value accepted; real values (names, paths, peer ids) are far shorter. */
    static final int MAX_VALUE_LENGTH = 1024;

    private static final BitPackingCodec ONION_BASE32 =
            new BitPackingCodec("abcdefghijklmnopqrstuvwxyz234567", false, true);
    private static final BitPackingCodec I2P_BASE64 =
            new BitPackingCodec("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-~", true, false);

    private MultiaddrValues() {}

    static byte[] toBytes(MultiaddrProtocol p, String text) {
        String name = p.protocolName();
        byte[] out = switch (p.kind()) {
            case NONE -> new byte[0];
            case IP4 -> Ip.parse4(text);
            case IP6 -> Ip.parse6(text);
            case PORT -> port(text, name);
            case BYTE -> {
                int v = decimal(text, name, 255);
                yield new byte[] {(byte) v};
            }
            case TEXT, PATH -> {
                if (text.isEmpty()) {
                    throw new InvalidMultiformatException("/" + name + " needs a non-empty value");
                }
                yield text.getBytes(StandardCharsets.UTF_8);
            }
            case PEER_ID -> peerId(text);
            case ONION -> onion(p, text);
            case GARLIC64 -> garlic(I2P_BASE64.decode(text, name), 386, name);
            case GARLIC32 -> garlic(ONION_BASE32.decode(text, name), 35, name);
            case MULTIBASE -> Multibase.decode(text);
            case PERCENT_ENCODED -> percentDecode(text, name);
        };
        checkBytes(p, out);
        return out;
    }

    static String toText(MultiaddrProtocol p, byte[] value) {
        return switch (p.kind()) {
            case NONE -> "";
            case IP4 -> Ip.format4(value);
            case IP6 -> Ip.format6(value);
            case PORT -> Integer.toString(((value[0] & 0xFF) << 8) | (value[1] & 0xFF));
            case BYTE -> Integer.toString(value[0] & 0xFF);
            case TEXT, PATH -> new String(value, StandardCharsets.UTF_8);
            case PEER_ID -> Multibase.BASE58BTC.encodeRaw(value);
            case ONION -> ONION_BASE32.encode(Arrays.copyOf(value, value.length - 2))
                    + ":" + (((value[value.length - 2] & 0xFF) << 8) | (value[value.length - 1] & 0xFF));
            case GARLIC64 -> I2P_BASE64.encode(value);
            case GARLIC32 -> ONION_BASE32.encode(value);
            case MULTIBASE -> Multibase.BASE64URL.encode(value);
            case PERCENT_ENCODED -> percentEncode(value);
        };
    }

    /** Checks a value read from bytes, so that decode accepts exactly what parse would produce. */
    static void checkBytes(MultiaddrProtocol p, byte[] value) {
        String name = p.protocolName();
        switch (p.kind()) {
            case TEXT, PATH -> {
                if (value.length == 0) {
                    throw new InvalidMultiformatException("/" + name + " has an empty value");
                }
                String s = new String(value, StandardCharsets.UTF_8);
                if (p.kind() == MultiaddrProtocol.ValueKind.TEXT && s.contains("/")) {
                    throw new InvalidMultiformatException("/" + name + " value must not contain '/'");
                }
            }
            case PEER_ID -> Multihash.decode(value);
            case MULTIBASE -> {
                if (value.length == 0) {
                    throw new InvalidMultiformatException("/" + name + " has an empty value");
                }
            }
            case ONION -> {
                int port = ((value[value.length - 2] & 0xFF) << 8) | (value[value.length - 1] & 0xFF);
                if (port == 0) {
                    throw new InvalidMultiformatException("/" + name + " port must be 1..65535");
                }
            }
            default -> {
                // fixed-size values were length-checked by the caller; none is invalid otherwise
            }
        }
    }

    private static byte[] port(String text, String name) {
        int v = decimal(text, name, 65535);
        return new byte[] {(byte) (v >>> 8), (byte) v};
    }

    private static int decimal(String text, String name, int max) {
        if (text.isEmpty() || text.length() > 5 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new InvalidMultiformatException("/" + name + " value '" + text + "' is not a number 0.." + max);
        }
        int v = Integer.parseInt(text);
        if (v > max) {
            throw new InvalidMultiformatException("/" + name + " value " + v + " is larger than " + max);
        }
        return v;
    }

    /** A peer id: a base58btc multihash ({@code Qm…}, {@code 12D3…}) or a CIDv1 with the libp2p-key codec. */
    private static byte[] peerId(String text) {
        if (text.startsWith("Qm") || text.startsWith("1")) {
            return Multihash.decode(Multibase.BASE58BTC.decodeRaw(text)).toBytes();
        }
        Cid cid = Cid.parse(text);
        if (cid.codec() != Multicodec.LIBP2P_KEY) {
            throw new InvalidMultiformatException("/p2p value '" + text + "' is a CID but not a libp2p-key");
        }
        return cid.hash().toBytes();
    }

    private static byte[] onion(MultiaddrProtocol p, String text) {
        int colon = text.indexOf(':');
        int hostChars = p == MultiaddrProtocol.ONION ? 16 : 56;
        if (colon != hostChars || text.length() == colon + 1) {
            throw new InvalidMultiformatException(
                    "/" + p.protocolName() + " value must be " + hostChars + " base32 characters, ':' and a port");
        }
        byte[] host = ONION_BASE32.decode(text.substring(0, colon).toLowerCase(Locale.ROOT), p.protocolName());
        byte[] port = port(text.substring(colon + 1), p.protocolName());
        byte[] out = Arrays.copyOf(host, host.length + 2);
        out[host.length] = port[0];
        out[host.length + 1] = port[1];
        return out;
    }

    private static byte[] garlic(byte[] bytes, int minLength, String name) {
        if (bytes.length < minLength) {
            throw new InvalidMultiformatException("/" + name + " value is too short: " + bytes.length + " bytes");
        }
        return bytes;
    }

    private static byte[] percentDecode(String text, String name) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%') {
                if (i + 2 >= text.length()) {
                    throw new InvalidMultiformatException("/" + name + " has a cut-off percent escape");
                }
                int hi = Character.digit(text.charAt(i + 1), 16);
                int lo = Character.digit(text.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new InvalidMultiformatException("/" + name + " has an invalid percent escape");
                }
                out.write(hi << 4 | lo);
                i += 2;
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
            }
        }
        if (out.size() == 0) {
            throw new InvalidMultiformatException("/" + name + " needs a non-empty value");
        }
        return out.toByteArray();
    }

    private static String percentEncode(byte[] value) {
        StringBuilder s = new StringBuilder();
        for (byte b : value) {
            int c = b & 0xFF;
            boolean unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~';
            if (unreserved) {
                s.append((char) c);
            } else {
                s.append('%').append(String.format("%02X", c));
            }
        }
        return s.toString();
    }
}
