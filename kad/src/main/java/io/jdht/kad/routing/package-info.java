/**
 * The k-bucket routing table: one bucket per common-prefix length with our key, k peers each,
 * a replacement cache per bucket and a liveness check before a long-lived peer gives up its place,
 * plus the optional IP-diversity filter.
 */
package io.jdht.kad.routing;
