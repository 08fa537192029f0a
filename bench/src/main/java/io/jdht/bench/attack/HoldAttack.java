package io.jdht.bench.attack;

import java.util.Locale;

/**
 * {@code hold}: {@code --count} (1,100) connections from fresh identities, at most
 * {@code --parallel} (64) dials at once, held until the end of {@code --duration}; how many are
 * still open then says whether the daemon trims strangers to make room.
 */
final class HoldAttack implements Attack {
    @Override
    public String name() {
        return "hold";
    }

    @Override
    public String description() {
        return "--count fresh identities connect and hold their connections until the end";
    }

    @Override
    public String run(Context c) throws Exception {
        int n = c.count("count", 1100);
        int parallel = c.integer("parallel", 64);
        Attackers.Dials d = c.attackers.dialMany(n, parallel, h -> {}, c.deadlineNanos());
        int afterDials = c.attackers.openConnections();
        c.holdUntilDeadline(() -> false);
        return String.format(Locale.ROOT, "%s in %.1f s; open right after: %d; still open at the end: %d; daemon swarm/peers: %d",
                d.summary(), d.took().toMillis() / 1e3, afterDials, c.attackers.openConnections(), c.target.swarmPeers());
    }
}
