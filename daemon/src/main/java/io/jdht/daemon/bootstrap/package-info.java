/** Joining the network through the configured bootstrap peers, with backoff while none answers. */
package io.jdht.daemon.bootstrap;
