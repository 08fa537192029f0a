package io.jdht.net.host;

/** Which side opened a connection. The dialer is the Noise initiator and the yamux client. */
public enum Direction {
    INBOUND,
    OUTBOUND
}
