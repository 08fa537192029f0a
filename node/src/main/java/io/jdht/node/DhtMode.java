package io.jdht.node;

/**
 * Whether a node serves the DHT. A server advertises {@code /ipfs/kad/1.0.0} in identify, answers
 * requests and may enter other peers' routing tables; a client only asks (right for nodes behind
 * NAT or short-lived ones, such as the CLI's).
 */
public enum DhtMode {
    SERVER,
    CLIENT
}
