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
 * frame. A window that is used up within two round trips (measured with a yamux ping) doubles at
 * the next refill, up to a configured maximum (growth is off by default, see
 * {@link io.jdht.net.yamux.YamuxConfig#DEFAULT}), so a fast or long path is kept full while a slow reader
 * keeps the small window. A stream that we close before the peer finishes stays known to the session until the
 * peer's FIN or RST, so its late data is swallowed (and credited back) instead of being answered
 * with a reset that could cost the peer data it had not read yet. Such a closing stream no longer
 * counts toward the stream limit, and is reset and forgotten once {@code closeGrace} passes without
 * the peer's FIN, or when more than {@code maxStreams} streams are closing (oldest first), so a peer
 * that never finishes cannot pin the limit or the session's memory.
 *
 * <p>Memory a peer can make a session hold: a data frame is refused from its header if it is
 * longer than what the stream's window still allows, and its body is handed on in pieces as they
 * arrive, so the decoder never gathers a whole frame; a stream hands data that is read at once on
 * as slices of the connection's buffers, but copies what waits for a read into its own buffer,
 * which flow control keeps within the window and the stream's resource scope pays for; closing
 * streams swallow data. So unread data is at most window times open streams, and within the
 * scopes' limits.
 * The other way, streams write only while the connection is writable, and a peer that keeps
 * sending frames (pings, say) while leaving our answers unread is cut off with go-away once the
 * connection holds more than a fixed margin past its high watermark.
 */
package io.jdht.net.yamux;
