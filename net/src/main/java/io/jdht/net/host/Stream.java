package io.jdht.net.host;

import io.netty.channel.Channel;

/**
 * One negotiated yamux stream: its Netty channel (a child of the connection's channel, with its own
 * pipeline), the protocol agreed on, and the connection it belongs to.
 */
public record Stream(Channel channel, String protocol, Connection connection) {}
