/**
 * The {@code /ipfs/kad/1.0.0} message and its protobuf codec (specs/libp2p/kad-dht.md: Message
 * type=1, key=2, record=3, closerPeers=8, providerPeers=9, clusterLevelRaw=10; Peer id=1, addrs=2,
 * connection=3; Record key=1, value=2, timeReceived=5), with the ingest limits that keep a hostile
 * peer from making us allocate or keep much: 4 MiB per message, 1 KiB keys, 16 unknown fields
 * skipped at most (unknown fields are allowed, as protobuf intends, but never built), 8 KiB per
 * peer entry, 32 addresses per peer. Answers may carry 100 closer peers (40 are read) and any
 * number of providers (200 are read); requests, decoded on their own path, 8 peers in all. The
 * decoder walks the wire bytes and checks each limit when the field is met, so a refused message
 * costs a few objects, not one per field.
 */
package io.jdht.kad.wire;
