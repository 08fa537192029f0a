/**
 * Accounts of what peers make this node hold, in the spirit of go-libp2p's resource manager.
 *
 * <p>A {@link io.jdht.net.resources.ResourceScope} counts bytes and streams against limits. Scopes
 * form a small graph: the node above everything; under it one scope per protocol, per connected
 * peer and per connection; each stream under its connection, its peer and (once multistream has
 * agreed) its protocol. A reservation is all or nothing across the distinct scopes above the one
 * it is made on, so a stream's megabyte counts once against the node even though two paths lead
 * there, and a refusal anywhere leaves every count as it was.
 *
 * <p>The rule for code that buffers what a peer sends: reserve first, keep second, release when
 * the bytes leave (handed on, sent, or dropped with the stream). A refused reservation ends the
 * stream (or the connection) that asked, never the node. Closing a scope gives back whatever was
 * reserved through it, so a stream that dies mid-message leaks nothing.
 *
 * <p>{@link io.jdht.net.resources.ResourceManager} hands out the scopes of one host;
 * {@link io.jdht.net.resources.MemoryLimits} sizes them from the JVM's maximum heap by default.
 */
package io.jdht.net.resources;
