/**
 * The long-lived jdht node: the repo folder and its Kubo-shaped {@code config.json}, the datastore
 * that keeps records, providers, blocks, peers and the routing table across restarts, the
 * Kubo-compatible HTTP RPC API ({@code /api/v0/...}) and the Prometheus metrics endpoint.
 */
package io.jdht.daemon;
