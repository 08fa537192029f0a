/**
 * The DHT protocol on libp2p streams: outbound, one stream per request (dial if needed, write one
 * length-prefixed message, read one answer, close; ADD_PROVIDER is written and closed unanswered);
 * inbound, any number of requests per stream, answered in order on the DHT thread, with a minute's
 * idle timeout, and a reset on bad bytes, an invalid record or a flood of queued requests.
 */
package io.jdht.node.protocol;
