package io.jdht.bench.attack;

import java.util.Locale;

/**
 * {@code burst}: {@code --count} (2,500) dials from fresh identities all at once; reports how many
 * the daemon let finish the handshake, how many {@code swarm/peers} lists right after, and how
 * many are still open at the end of {@code --duration} (30 s here) once it has trimmed.
 */
final class BurstAttack implements Attack {
    @Override
    public String name() {
        return "burst";
    }

    @Override
    public java.time.Duration defaultDuration() {
        return java.time.Duration.ofSeconds(30);
    }

    @Override
    public String description() {
        return "--count dials from fresh identities at once";
    }

    @Override
    public String run(Context c) throws Exception {
        int n = c.count("count", 2500);
        Attackers.Dials d = c.attackers.dialMany(n, n, h -> {}, c.deadlineNanos());
        int peers = c.target.swarmPeers();
        int open = c.attackers.openConnections();
        c.holdUntilDeadline(() -> false);
        return String.format(Locale.ROOT, "%s in %.1f s; right after: %d open on our side, swarm/peers %d; at the end: %d open, swarm/peers %d",
                d.summary(), d.took().toMillis() / 1e3, open, peers, c.attackers.openConnections(), c.target.swarmPeers());
    }
}
