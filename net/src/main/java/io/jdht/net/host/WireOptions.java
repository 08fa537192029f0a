package io.jdht.net.host;

import java.time.Duration;
import java.util.Objects;

/**
 * How a host spends round trips, and a simulated network delay for tests and benchmarks.
 *
 * @param optimisticSelect propose a lone protocol and send behind it without waiting for the echo
 *     (streams opened with one protocol, and {@code /noise} and {@code /yamux/1.0.0} on connections
 *     we dial); saves one round trip per stream and per handshake step
 * @param inlinedMuxer list our stream muxer inside the Noise handshake, so that two peers which both
 *     do agree on it without a multistream-select round; peers that do not list one get the usual
 *     negotiation
 * @param oneWayDelay holds every byte that reaches this host for this long before it is read, and a
 *     connection we dial for two of them (the TCP handshake's round trip); zero, the default, adds
 *     nothing. Hosts on 127.0.0.1 that all set it behave like peers a WAN apart, with a round-trip
 *     time of twice the delay. Not for production: it is not in the CLI.
 */
public record WireOptions(boolean optimisticSelect, boolean inlinedMuxer, Duration oneWayDelay) {
    /** Every round-trip saving on, no delay. */
    public static final WireOptions DEFAULT = new WireOptions(true, true, Duration.ZERO);
    /** No round-trip saving: each negotiation waits for its answer, as before these options existed. */
    public static final WireOptions UNOPTIMISED = new WireOptions(false, false, Duration.ZERO);

    public WireOptions {
        Objects.requireNonNull(oneWayDelay, "oneWayDelay");
        if (oneWayDelay.isNegative()) {
            throw new IllegalArgumentException("oneWayDelay must not be negative: " + oneWayDelay);
        }
    }

    public WireOptions withOneWayDelay(Duration delay) {
        return new WireOptions(optimisticSelect, inlinedMuxer, delay);
    }
}
