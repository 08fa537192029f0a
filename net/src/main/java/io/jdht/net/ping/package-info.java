/**
 * {@code /ipfs/ping/1.0.0}: the dialer writes 32 random bytes, the listener writes them back, and the
 * dialer measures the time between. A stream may carry many pings; the dialer ends it by closing its
 * write side, and the listener then closes the stream.
 */
package io.jdht.net.ping;
