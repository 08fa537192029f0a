/**
 * The DHT protocol on libp2p streams: outbound, one stream per request (dial if needed, write one
 * length-prefixed message, read one answer, close; ADD_PROVIDER is written and closed unanswered);
 * inbound, any number of requests per stream, answered one at a time on the DHT thread (the next
 * request is read only once the previous answer has left the stream), with a minute's idle
 * timeout, and a reset on bad bytes, an invalid record, a flood of queued requests or too many
 * unread answers held for one connection.
 */
package io.jdht.node.protocol;
