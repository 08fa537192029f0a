package io.jdht.bench.attack;

import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code identities}: {@code --count} (6,000) connections, each from a fresh identity whose
 * identify lists {@code --protocols} (600) names of {@code --protocol-length} (200) characters,
 * at most {@code --parallel} (64) dials at once. Each connection is closed half a second after
 * the daemon has had our identify answer, so that the connection limit does not stop the next
 * identities (what grows is what the daemon keeps about peers it has met); {@code --keep-open}
 * holds them all instead, and the daemon's connection limit then refuses the surplus.
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
        boolean keepOpen = Boolean.parseBoolean(c.string("keep-open", "false"));
        FakeIdentify identify = new FakeIdentify(protocols, length);
        AtomicInteger answered = new AtomicInteger();
        Attackers.Dials d = c.attackers.dialMany(n, parallel, h -> identify.install(h, conn -> {
            answered.incrementAndGet();
            if (!keepOpen) {
                conn.channel().eventLoop().schedule(conn::close, 500, TimeUnit.MILLISECONDS);
            }
        }), c.deadlineNanos());
        Thread.sleep(Math.min(3000, c.remaining().toMillis())); // the daemon's identify of the last ones
        return String.format(Locale.ROOT, "identify of %s; %s in %.1f s; %d identify answers sent; %d attacker connections open at the end",
                identify.describe(protocols, length), d.summary(), d.took().toMillis() / 1e3, answered.get(),
                c.attackers.openConnections());
    }
}
