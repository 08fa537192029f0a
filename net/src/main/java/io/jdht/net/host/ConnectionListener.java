package io.jdht.net.host;

import io.jdht.net.identify.IdentifyInfo;

/**
 * Hears about connections coming and going. Called on the connection's event loop: do not block.
 * Every method has an empty default, so a listener implements only what it cares about.
 */
public interface ConnectionListener {
    /** A connection is secured and multiplexed, and registered with the host. */
    default void connected(Connection connection) {}

    /** The remote answered identify (or pushed an update); the peer store already holds it. */
    default void identified(Connection connection, IdentifyInfo info) {}

    /** The connection has closed. */
    default void disconnected(Connection connection) {}
}
