/**
 * The iterative lookup as a state machine: which peers to ask next, what an answer or a failure
 * changes, when the lookup is over. α requests in flight per path, termination when the β closest
 * live candidates have answered, a follow-up to the k closest, a per-request timeout and an
 * overall deadline, and optional S/Kademlia disjoint paths.
 */
package io.jdht.kad.lookup;
