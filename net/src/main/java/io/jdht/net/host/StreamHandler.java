package io.jdht.net.host;

/**
 * Serves one protocol on inbound streams: called on the stream's event loop once multistream-select
 * has agreed on the protocol, it installs the protocol's handlers in {@code stream.channel()}'s
 * pipeline. Bytes the remote sent right after the negotiation reach those handlers.
 */
@FunctionalInterface
public interface StreamHandler {
    void handle(Stream stream);
}
