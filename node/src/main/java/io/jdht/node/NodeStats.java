package io.jdht.node;

import io.jdht.kad.EngineCounters;

/**
 * A node's DHT state in numbers, taken on its DHT thread: for metrics and {@code stats} commands.
 *
 * @param routingTablePeers peers in the routing table
 * @param bucketSizes peers per bucket, by common-prefix length with the node's key
 * @param records value records held for the DHT
 * @param providerKeys keys with at least one provider record held
 * @param providedKeys keys this node provides (announced again every reprovide interval)
 * @param publishedRecords records this node put itself (put again every republish interval)
 * @param counters inbound requests by type and the latest renewal rounds
 */
public record NodeStats(int routingTablePeers, int[] bucketSizes, int records, int providerKeys, int providedKeys,
        int publishedRecords, EngineCounters.Snapshot counters) {}
