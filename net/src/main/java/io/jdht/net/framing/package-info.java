/**
 * Length-prefixed framing shared by the protobuf protocols (identify, and later Kademlia): each
 * message is preceded by its length as an unsigned varint. Decoders enforce a maximum length before
 * buffering anything, so an oversized announcement fails the stream without an allocation.
 */
package io.jdht.net.framing;
