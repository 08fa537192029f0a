package io.jdht.sim;

/**
 * One workload operation as it went.
 *
 * @param op which operation
 * @param startMicros when it started, in simulated time since the start of the run
 * @param latencyMicros how long it took (to its failure, if it failed)
 * @param success whether it did what was asked (found the peer, the provider, the value; stored
 *     at one peer at least)
 * @param rounds its lookup's rounds (see {@link io.jdht.kad.LookupRounds})
 * @param contacted the peers it sent a lookup request to
 * @param messages requests and answers it caused, the store phase included
 * @param bytes the size of those on the wire
 * @param roundsToClosest for a query, the first round in which one of the target's true 20 closest
 *     online servers answered (0 if none did); -1 for the other operations
 */
public record OpRecord(Operation op, long startMicros, long latencyMicros, boolean success, int rounds, int contacted,
        int messages, long bytes, int roundsToClosest) {}
