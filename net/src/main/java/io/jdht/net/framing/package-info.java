/**
 * Length-prefixed framing shared by the protobuf protocols (identify, and later Kademlia): each
 * message is preceded by its length as an unsigned varint. Decoders enforce a maximum length before
 * buffering anything, so an oversized announcement fails the stream without an allocation; an
 * unfinished frame is buffered in no more than its own size, and decoders may share a budget that
 * caps the unfinished frames they hold together (kad shares one per connection).
 */
package io.jdht.net.framing;
