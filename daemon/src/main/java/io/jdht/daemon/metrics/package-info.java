/** The daemon's Prometheus metrics (Micrometer). */
package io.jdht.daemon.metrics;
