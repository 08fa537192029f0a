package io.jdht.multiformats;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
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

    /** The binary value for a component's text; {@link #validate} checks the result. */
    static byte[] toBytes(MultiaddrProtocol p, String text) {
        String name = p.protocolName();
        return switch (p.kind()) {
            case NONE -> new byte[0];
            case IP4 -> Ip.parse4(text);
            case IP6 -> Ip.parse6(text);
            case PORT -> port(text, name);
            case BYTE -> {
                int v = decimal(text, name, 255);
                yield new byte[] {(byte) v};
            }
            case TEXT, PATH -> utf8(text, name);
            case PEER_ID -> peerId(text);
            case ONION -> onion(p, text);
            case GARLIC64 -> I2P_BASE64.decode(text, name);
            case GARLIC32 -> ONION_BASE32.decode(text, name);
            case MULTIBASE -> Multibase.decode(text);
            case PERCENT_ENCODED -> percentDecode(text, name);
        };
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

    /**
     * Checks a component's value, however it was made (parsed, decoded, or built by a caller), so
     * that every {@link Multiaddr.Component} can be printed and re-parsed to the same bytes. The
     * rules follow go-multiaddr, the strictest of the implementations we talk to.
     */
    static void validate(MultiaddrProtocol p, byte[] value) {
        String name = p.protocolName();
        if (p.sizeBits() == MultiaddrProtocol.VARIABLE) {
            if (value.length > MAX_VALUE_LENGTH) {
                throw new InvalidMultiformatException(
                        "/" + name + " value of " + value.length + " bytes exceeds the limit of " + MAX_VALUE_LENGTH);
            }
        } else if (value.length * 8 != p.sizeBits()) {
            throw new InvalidMultiformatException("/" + name + " value must be " + p.sizeBits() / 8
                    + " bytes, not " + value.length);
        }
        switch (p.kind()) {
            case TEXT -> {
                if (value.length == 0) {
                    throw new InvalidMultiformatException("/" + name + " has an empty value");
                }
                if (utf8(value, name).contains("/")) {
                    throw new InvalidMultiformatException("/" + name + " value must not contain '/'");
                }
            }
            case PATH -> {
                // the text form cannot express a path that is empty, relative, or ends in '/'
                String path = utf8(value, name);
                if (path.length() < 2 || path.charAt(0) != '/' || path.endsWith("/")) {
                    throw new InvalidMultiformatException(
                            "/" + name + " value must be an absolute path not ending in '/': '" + path + "'");
                }
            }
            case PEER_ID -> checkPeerId(value);
            case MULTIBASE -> Multihash.decode(value); // a certhash is a multihash of the certificate
            case ONION -> {
                int port = ((value[value.length - 2] & 0xFF) << 8) | (value[value.length - 1] & 0xFF);
                if (port == 0) {
                    throw new InvalidMultiformatException("/" + name + " port must be 1..65535");
                }
            }
            // a full I2P destination is at least 386 bytes
            case GARLIC64 -> {
                if (value.length < 386) {
                    throw new InvalidMultiformatException(
                            "/" + name + " value must be at least 386 bytes, not " + value.length);
                }
            }
            // a hashed I2P address is 32 bytes; an encrypted-leaseset address at least 35
            case GARLIC32 -> {
                if (value.length != 32 && value.length < 35) {
                    throw new InvalidMultiformatException(
                            "/" + name + " value must be 32 or at least 35 bytes, not " + value.length);
                }
            }
            case PERCENT_ENCODED -> {
                if (value.length == 0) {
                    throw new InvalidMultiformatException("/" + name + " has an empty value");
                }
            }
            case NONE, IP4, IP6, PORT, BYTE -> {
                // the length check above is all these need
            }
        }
    }

    /** Peer ids are sha2-256 (32 bytes) or identity multihashes; go-multiaddr rejects anything else. */
    private static void checkPeerId(byte[] value) {
        Multihash mh = Multihash.decode(value);
        boolean sha256 = mh.code() == Multicodec.SHA2_256 && mh.digest().length == 32;
        if (!sha256 && mh.code() != Multicodec.IDENTITY) {
            throw new InvalidMultiformatException(
                    "/p2p value must be a sha2-256 (32-byte) or identity multihash, not code 0x"
                            + Integer.toHexString(mh.code()) + " of " + mh.digest().length + " bytes");
        }
    }

    private static String utf8(byte[] value, String name) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(value))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new InvalidMultiformatException("/" + name + " value is not valid UTF-8");
        }
    }

    private static byte[] utf8(String text, String name) {
        try {
            ByteBuffer b = StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(text));
            return Arrays.copyOfRange(b.array(), b.position(), b.limit());
        } catch (CharacterCodingException e) {
            throw new InvalidMultiformatException("/" + name + " value is not well-formed Unicode text");
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

    private static byte[] percentDecode(String text, String name) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        while (i < text.length()) {
            if (text.charAt(i) == '%') {
                if (i + 2 >= text.length()) {
                    throw new InvalidMultiformatException("/" + name + " has a cut-off percent escape");
                }
                char hi = text.charAt(i + 1);
                char lo = text.charAt(i + 2);
                if (!HexFormat.isHexDigit(hi) || !HexFormat.isHexDigit(lo)) {
                    throw new InvalidMultiformatException("/" + name + " has an invalid percent escape");
                }
                out.write(HexFormat.fromHexDigit(hi) << 4 | HexFormat.fromHexDigit(lo));
                i += 3;
            } else {
                // a run of literal characters, encoded as a whole so surrogate pairs stay intact
                int next = text.indexOf('%', i);
                int end = next < 0 ? text.length() : next;
                out.writeBytes(utf8(text.substring(i, end), name));
                i = end;
            }
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
