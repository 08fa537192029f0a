/**
 * {@code /perf/1.0.0}, the libp2p throughput benchmark protocol. The client sends the number of
 * bytes it wants back (8 bytes, big-endian), uploads any amount, and half-closes; the server then
 * sends the requested number of bytes and closes. Both sides write filler in step with the stream's
 * writability, so a transfer of any size runs in bounded memory.
 */
package io.jdht.net.perf;
