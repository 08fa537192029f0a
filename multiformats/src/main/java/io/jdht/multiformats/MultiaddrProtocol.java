package io.jdht.multiformats;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The multiaddr protocols of the multiaddr protocol table, each with its code, the size of its
 * value ({@link #VARIABLE} for a length-prefixed value, 0 for none) and how the value is written.
 */
public enum MultiaddrProtocol {
    IP4(4, 32, "ip4", ValueKind.IP4),
    TCP(6, 16, "tcp", ValueKind.PORT),
    UDP(273, 16, "udp", ValueKind.PORT),
    DCCP(33, 16, "dccp", ValueKind.PORT),
    IP6(41, 128, "ip6", ValueKind.IP6),
    IP6ZONE(42, MultiaddrProtocol.VARIABLE, "ip6zone", ValueKind.TEXT),
    IPCIDR(43, 8, "ipcidr", ValueKind.BYTE),
    DNS(53, MultiaddrProtocol.VARIABLE, "dns", ValueKind.TEXT),
    DNS4(54, MultiaddrProtocol.VARIABLE, "dns4", ValueKind.TEXT),
    DNS6(55, MultiaddrProtocol.VARIABLE, "dns6", ValueKind.TEXT),
    DNSADDR(56, MultiaddrProtocol.VARIABLE, "dnsaddr", ValueKind.TEXT),
    SCTP(132, 16, "sctp", ValueKind.PORT),
    UDT(301, 0, "udt", ValueKind.NONE),
    UTP(302, 0, "utp", ValueKind.NONE),
    UNIX(400, MultiaddrProtocol.VARIABLE, "unix", ValueKind.PATH),
    P2P(421, MultiaddrProtocol.VARIABLE, "p2p", ValueKind.PEER_ID),
    ONION(444, 96, "onion", ValueKind.ONION),
    ONION3(445, 296, "onion3", ValueKind.ONION),
    GARLIC64(446, MultiaddrProtocol.VARIABLE, "garlic64", ValueKind.GARLIC64),
    GARLIC32(447, MultiaddrProtocol.VARIABLE, "garlic32", ValueKind.GARLIC32),
    TLS(448, 0, "tls", ValueKind.NONE),
    SNI(449, MultiaddrProtocol.VARIABLE, "sni", ValueKind.TEXT),
    NOISE(454, 0, "noise", ValueKind.NONE),
    QUIC(460, 0, "quic", ValueKind.NONE),
    QUIC_V1(461, 0, "quic-v1", ValueKind.NONE),
    WEBTRANSPORT(465, 0, "webtransport", ValueKind.NONE),
    CERTHASH(466, MultiaddrProtocol.VARIABLE, "certhash", ValueKind.MULTIBASE),
    HTTP(480, 0, "http", ValueKind.NONE),
    HTTP_PATH(481, MultiaddrProtocol.VARIABLE, "http-path", ValueKind.PERCENT_ENCODED),
    HTTPS(443, 0, "https", ValueKind.NONE),
    WS(477, 0, "ws", ValueKind.NONE),
    WSS(478, 0, "wss", ValueKind.NONE),
    P2P_WEBSOCKET_STAR(479, 0, "p2p-websocket-star", ValueKind.NONE),
    P2P_STARDUST(277, 0, "p2p-stardust", ValueKind.NONE),
    P2P_WEBRTC_STAR(275, 0, "p2p-webrtc-star", ValueKind.NONE),
    P2P_WEBRTC_DIRECT(276, 0, "p2p-webrtc-direct", ValueKind.NONE),
    WEBRTC_DIRECT(280, 0, "webrtc-direct", ValueKind.NONE),
    WEBRTC(281, 0, "webrtc", ValueKind.NONE),
    P2P_CIRCUIT(290, 0, "p2p-circuit", ValueKind.NONE),
    MEMORY(777, MultiaddrProtocol.VARIABLE, "memory", ValueKind.TEXT);

    /** The size of a value that carries its own varint length prefix. */
    public static final int VARIABLE = -1;

    /** How a protocol's value is written in text and in bytes. */
    enum ValueKind {
        NONE, IP4, IP6, PORT, BYTE, TEXT, PATH, PEER_ID, ONION, GARLIC64, GARLIC32, MULTIBASE, PERCENT_ENCODED
    }

    private static final Map<String, MultiaddrProtocol> BY_NAME = new HashMap<>();
    private static final Map<Integer, MultiaddrProtocol> BY_CODE = new HashMap<>();

    static {
        for (MultiaddrProtocol p : values()) {
            BY_NAME.put(p.protoName, p);
            BY_CODE.put(p.code, p);
        }
        BY_NAME.put("ipfs", P2P); // the old name of /p2p, still accepted when parsing
    }

    private final int code;
    private final int sizeBits;
    private final String protoName;
    private final ValueKind kind;

    MultiaddrProtocol(int code, int sizeBits, String name, ValueKind kind) {
        this.code = code;
        this.sizeBits = sizeBits;
        this.protoName = name;
        this.kind = kind;
    }

    public int code() {
        return code;
    }

    /** The value's size in bits, {@link #VARIABLE}, or 0 for a protocol without a value. */
    public int sizeBits() {
        return sizeBits;
    }

    /** The name used in the text form, e.g. {@code quic-v1}. */
    public String protocolName() {
        return protoName;
    }

    ValueKind kind() {
        return kind;
    }

    public boolean hasValue() {
        return sizeBits != 0;
    }

    public static Optional<MultiaddrProtocol> byName(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    public static Optional<MultiaddrProtocol> byCode(long code) {
        return code > Integer.MAX_VALUE ? Optional.empty() : Optional.ofNullable(BY_CODE.get((int) code));
    }
}
