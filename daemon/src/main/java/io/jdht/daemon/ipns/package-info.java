/**
 * IPNS names over the DHT: publishing signed records for the daemon's key with sequence numbers
 * that survive restarts, and resolving names with a quorum of records.
 */
package io.jdht.daemon.ipns;
