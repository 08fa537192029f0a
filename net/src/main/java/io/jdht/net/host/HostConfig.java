package io.jdht.net.host;

import io.jdht.crypto.PrivateKey;
import io.jdht.multiformats.Multiaddr;
import io.jdht.net.dns.DnsConfig;
import io.jdht.net.resources.MemoryLimits;
import io.netty.channel.EventLoopGroup;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Everything a {@link Host} is made from. Build with {@link #builder(PrivateKey)}; every field but
 * the identity has a default suited to a node on the public network.
 *
 * @param eventLoopGroup the event loops to run on, which the caller shuts down; when empty the
 *     host runs on the group all such hosts of the process share, which the last of them to
 *     close shuts down
 * @param dns the name servers and time limits for resolving {@code /dnsaddr}, {@code /dns4},
 *     {@code /dns6} and {@code /dns} addresses; the system's name servers by default
 * @param memory what peers may make this host hold, per node, protocol, peer, connection and
 *     stream; by default sized from the JVM's maximum heap ({@link MemoryLimits#forThisJvm})
 * @param wire the round-trip savings (all on by default) and a simulated one-way delay (none)
 */
public record HostConfig(
        PrivateKey identity,
        List<Multiaddr> listenAddresses,
        String agentVersion,
        Duration dialTimeout,
        Duration handshakeTimeout,
        ConnectionLimits limits,
        Optional<EventLoopGroup> eventLoopGroup,
        InstantSource clock,
        RandomGenerator random,
        DnsConfig dns,
        MemoryLimits memory,
        WireOptions wire) {

    /** What we call ourselves in identify. */
    public static final String DEFAULT_AGENT = "jdht/0.1.0";

    public HostConfig {
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(dns, "dns");
        Objects.requireNonNull(memory, "memory");
        Objects.requireNonNull(wire, "wire");
        listenAddresses = List.copyOf(listenAddresses);
        if (dialTimeout.isNegative() || dialTimeout.isZero()) {
            throw new IllegalArgumentException("dialTimeout must be positive: " + dialTimeout);
        }
        if (handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
            throw new IllegalArgumentException("handshakeTimeout must be positive: " + handshakeTimeout);
        }
    }

    public static Builder builder(PrivateKey identity) {
        return new Builder(identity);
    }

    /** Fluent construction with defaults. */
    public static final class Builder {
        private final PrivateKey identity;
        private List<Multiaddr> listen = List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/0"));
        private String agent = DEFAULT_AGENT;
        private Duration dialTimeout = Duration.ofSeconds(10);
        private Duration handshakeTimeout = Duration.ofSeconds(10);
        private ConnectionLimits limits = ConnectionLimits.DEFAULT;
        private Optional<EventLoopGroup> group = Optional.empty();
        private InstantSource clock = InstantSource.system();
        private RandomGenerator random = new SecureRandom();
        private DnsConfig dns = DnsConfig.SYSTEM;
        private MemoryLimits memory = MemoryLimits.forThisJvm();
        private WireOptions wire = WireOptions.DEFAULT;

        private Builder(PrivateKey identity) {
            this.identity = Objects.requireNonNull(identity, "identity");
        }

        /** TCP addresses to listen on, e.g. {@code /ip4/0.0.0.0/tcp/4001}; port 0 picks a free port. */
        public Builder listen(List<Multiaddr> addresses) {
            this.listen = List.copyOf(addresses);
            return this;
        }

        public Builder listen(String... addresses) {
            return listen(java.util.Arrays.stream(addresses).map(Multiaddr::parse).toList());
        }

        public Builder agentVersion(String agent) {
            this.agent = Objects.requireNonNull(agent);
            return this;
        }

        public Builder dialTimeout(Duration timeout) {
            this.dialTimeout = timeout;
            return this;
        }

        public Builder handshakeTimeout(Duration timeout) {
            this.handshakeTimeout = timeout;
            return this;
        }

        public Builder limits(ConnectionLimits limits) {
            this.limits = Objects.requireNonNull(limits);
            return this;
        }

        public Builder eventLoopGroup(EventLoopGroup group) {
            this.group = Optional.of(group);
            return this;
        }

        public Builder clock(InstantSource clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        public Builder random(RandomGenerator random) {
            this.random = Objects.requireNonNull(random);
            return this;
        }

        /** Name servers and time limits for DNS addresses; tests point this at a local server. */
        public Builder dns(DnsConfig dns) {
            this.dns = Objects.requireNonNull(dns);
            return this;
        }

        public Builder memory(MemoryLimits memory) {
            this.memory = Objects.requireNonNull(memory);
            return this;
        }

        /** Round-trip savings and simulated delay; see {@link WireOptions}. */
        public Builder wire(WireOptions wire) {
            this.wire = Objects.requireNonNull(wire);
            return this;
        }

        public HostConfig build() {
            return new HostConfig(identity, listen, agent, dialTimeout, handshakeTimeout, limits, group, clock, random, dns,
                    memory, wire);
        }
    }
}
