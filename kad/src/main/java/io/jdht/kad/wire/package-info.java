/**
 * The {@code /ipfs/kad/1.0.0} message and its protobuf codec, with the ingest limits that keep a
 * hostile peer from making us allocate or keep much: 4 MiB per message, 40 closer peers, 8 KiB per
 * peer entry, 32 addresses per peer.
 */
package io.jdht.kad.wire;
