/**
 * yamux: many streams over one connection. Every frame has a 12-byte header (version, type,
 * flags, stream id, length); data frames carry payload, window updates grant credit, pings measure
 * and keep alive, go-away ends a session. SYN opens a stream, ACK accepts it, FIN half-closes, RST
 * aborts.
 *
 * <p>Implementation notes: each stream is a Netty child channel ({@link io.jdht.net.yamux.YamuxStream})
 * with its own pipeline, so protocol handlers are ordinary Netty handlers that see only their own
 * stream, and half-close maps onto Netty's {@code DuplexChannel}. The session grants each stream a
 * larger receive window than the protocol's 256 KiB starting value (1 MiB by default) and refills
 * it after half has been read, which keeps a bulk transfer moving without a window update per
 * frame. A stream that we close before the peer finishes stays known to the session until the
 * peer's FIN or RST, so its late data is swallowed (and credited back) instead of being answered
 * with a reset that could cost the peer data it had not read yet. Such a closing stream no longer
 * counts toward the stream limit, and is reset and forgotten once {@code closeGrace} passes without
 * the peer's FIN, or when more than {@code maxStreams} streams are closing (oldest first), so a peer
 * that never finishes cannot pin the limit or the session's memory.
 *
 * <p>Memory a peer can make a session hold: a data frame is refused from its header if it is
 * longer than the receive window, so the decoder keeps at most one window (plus one read) of an
 * unfinished frame; a stream hands data that is read at once on as slices of the connection's
 * buffers, but copies what waits for a read into its own buffer, which flow control keeps within
 * the window; closing streams swallow data. So unread data is at most window times open streams.
 * The other way, streams write only while the connection is writable, and a peer that keeps
 * sending frames (pings, say) while leaving our answers unread is cut off with go-away once the
 * connection holds more than a fixed margin past its high watermark.
 */
package io.jdht.net.yamux;
