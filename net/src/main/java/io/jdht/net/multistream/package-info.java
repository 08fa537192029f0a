/**
 * multistream-select 1.0.0: how two libp2p peers agree on the protocol a connection or stream
 * speaks. Each message is a varint length, UTF-8 text and a newline. Both sides first send the
 * header {@code /multistream/1.0.0}; the initiator then proposes protocol ids one at a time, and the
 * responder echoes the one it accepts or answers {@code na}.
 *
 * <p>Implementation notes: one Netty handler does either role and removes itself on agreement, so
 * the same class negotiates the security protocol on TCP, the muxer on the secured channel, and the
 * application protocol on every stream. The initiator sends the header and its first proposal in
 * one flush ("pipelining"), the usual case costing a single round trip.
 */
package io.jdht.net.multistream;
