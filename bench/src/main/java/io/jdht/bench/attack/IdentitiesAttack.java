package io.jdht.bench.attack;

import java.util.Locale;

/**
 * {@code identities}: {@code --count} (6,000) connections, each from a fresh identity whose
 * identify lists {@code --protocols} (600) names of {@code --protocol-length} (200) characters,
 * at most {@code --parallel} (64) dials at once; the connections are held until the end. What a
 * daemon keeps per peer it has met is what this grows.
 */
final class IdentitiesAttack implements Attack {
    @Override
    public String name() {
        return "identities";
    }

    @Override
    public String description() {
        return "--count fresh identities connect, each advertising --protocols long protocol names in identify";
    }

    @Override
    public String run(Context c) throws Exception {
        int n = c.count("count", 6000);
        int protocols = c.integer("protocols", 600);
        int length = c.integer("protocol-length", 200);
        int parallel = c.integer("parallel", 64);
        FakeIdentify identify = new FakeIdentify(protocols, length);
        Attackers.Dials d = c.attackers.dialMany(n, parallel, identify::install, c.deadlineNanos());
        Thread.sleep(Math.min(3000, c.remaining().toMillis())); // the daemon's identify of the last ones
        return String.format(Locale.ROOT, "identify of %s; %s in %.1f s; %d attacker connections still open at the end",
                identify.describe(protocols, length), d.summary(), d.took().toMillis() / 1e3, c.attackers.openConnections());
    }
}
