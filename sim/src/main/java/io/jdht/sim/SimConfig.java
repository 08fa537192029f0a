package io.jdht.sim;

import java.util.Locale;

/**
 * What one simulation runs. Every field has a default that models today's IPFS Amino DHT as
 * jdht would meet it; {@link #validate} says which argument is wrong and why.
 *
 * @param nodes identities in the network (at any moment fewer are online under churn)
 * @param ops operations of each kind in the workload (findPeer, provide, findProvs, put, get, query)
 * @param seed the one random source's seed: same seed, same run, event for event
 * @param churn {@code none}, or {@code ipfs}: the two-population session model of IPFS DHT servers
 * @param loss the probability that a request or its answer is lost (the asker then times out)
 * @param undialable the share of server nodes that cannot be dialled (dials time out)
 * @param clients the share of nodes in client mode (they ask, never answer)
 * @param alpha requests in flight per lookup path
 * @param beta the closest peers that must answer before a lookup path ends
 * @param disjoint disjoint lookup paths (S/Kademlia); 1 for a plain lookup
 * @param optimisticProvide provide and put with the optimistic algorithm instead of the classic one
 * @param hours how long the workload is spread over, in simulated hours (0: back to back)
 * @param renew whether nodes reprovide and republish (on by default, as real nodes do)
 * @param handshakeRtts round trips a new connection costs before its first request: 2 for jdht
 *     to jdht (TCP, then Noise carrying the muxer and the request), 4 for go-libp2p's TCP stack
 * @param sweepReprovide reprovide by keyspace region rather than one lookup per key
 * @param sybils Sybil identities placed near one region of the key space (see {@link Sybils}); the
 *     workload's writes and reads then use keys in that region
 */
public record SimConfig(int nodes, int ops, long seed, String churn, double loss, double undialable, double clients,
        int alpha, int beta, int disjoint, boolean optimisticProvide, double hours, boolean renew, int handshakeRtts,
        boolean sweepReprovide, int sybils) {

    public static SimConfig defaults(int nodes, int ops, long seed) {
        return new SimConfig(nodes, ops, seed, "none", 0, 0, 0, 10, 3, 1, false, 0, true, 2, true, 0);
    }

    /** Throws {@link IllegalArgumentException} naming the first argument that is out of range. */
    public SimConfig validate() {
        require(nodes >= 10 && nodes <= 2_000_000, "--nodes must be between 10 and 2,000,000, not " + nodes);
        require(ops >= 0 && ops <= 10_000_000, "--ops must be between 0 and 10,000,000, not " + ops);
        require(churn.equals("none") || churn.equals("ipfs"), "--churn must be 'none' or 'ipfs', not '" + churn + "'");
        require(loss >= 0 && loss < 1, "--loss must be a probability in [0, 1), not " + loss);
        require(undialable >= 0 && undialable < 1, "--undialable must be a share in [0, 1), not " + undialable);
        require(clients >= 0 && clients < 1, "--clients must be a share in [0, 1), not " + clients);
        require(alpha >= 1 && alpha <= 64, "--alpha must be between 1 and 64, not " + alpha);
        require(beta >= 1 && beta <= 20, "--beta must be between 1 and k (20), not " + beta);
        require(disjoint >= 1 && disjoint <= 10, "--disjoint must be between 1 and 10, not " + disjoint);
        require(hours >= 0 && hours <= 24 * 30, "--hours must be between 0 and 720, not " + hours);
        require(sybils >= 0 && sybils <= 1000, "--sybils must be between 0 and 1,000, not " + sybils);
        require(handshakeRtts >= 0 && handshakeRtts <= 10, "--handshake-rtts must be between 0 and 10, not " + handshakeRtts);
        return this;
    }

    public boolean churning() {
        return churn.equals("ipfs");
    }

    public SimConfig withChurn(String c) {
        return with(x -> x.churn = c.toLowerCase(Locale.ROOT));
    }

    public SimConfig withLoss(double l) {
        return with(x -> x.loss = l);
    }

    public SimConfig withUndialable(double u) {
        return with(x -> x.undialable = u);
    }

    public SimConfig withClients(double c) {
        return with(x -> x.clients = c);
    }

    public SimConfig withLookup(int a, int b, int d) {
        return with(x -> {
            x.alpha = a;
            x.beta = b;
            x.disjoint = d;
        });
    }

    public SimConfig withOptimisticProvide(boolean o) {
        return with(x -> x.optimisticProvide = o);
    }

    public SimConfig withHours(double h) {
        return with(x -> x.hours = h);
    }

    public SimConfig withRenew(boolean r) {
        return with(x -> x.renew = r);
    }

    public SimConfig withHandshakeRtts(int h) {
        return with(x -> x.handshakeRtts = h);
    }

    public SimConfig withSweepReprovide(boolean s) {
        return with(x -> x.sweepReprovide = s);
    }

    public SimConfig withSybils(int s) {
        return with(x -> x.sybils = s);
    }

    /** A copy with the fields {@code change} sets: every wither is one assignment, a new field one line here. */
    private SimConfig with(java.util.function.Consumer<Fields> change) {
        Fields x = new Fields(this);
        change.accept(x);
        return new SimConfig(x.nodes, x.ops, x.seed, x.churn, x.loss, x.undialable, x.clients, x.alpha, x.beta,
                x.disjoint, x.optimisticProvide, x.hours, x.renew, x.handshakeRtts, x.sweepReprovide, x.sybils);
    }

    /** The record's fields, writable, for {@link #with}. */
    private static final class Fields {
        int nodes;
        int ops;
        long seed;
        String churn;
        double loss;
        double undialable;
        double clients;
        int alpha;
        int beta;
        int disjoint;
        boolean optimisticProvide;
        double hours;
        boolean renew;
        int handshakeRtts;
        boolean sweepReprovide;
        int sybils;

        Fields(SimConfig c) {
            nodes = c.nodes;
            ops = c.ops;
            seed = c.seed;
            churn = c.churn;
            loss = c.loss;
            undialable = c.undialable;
            clients = c.clients;
            alpha = c.alpha;
            beta = c.beta;
            disjoint = c.disjoint;
            optimisticProvide = c.optimisticProvide;
            hours = c.hours;
            renew = c.renew;
            handshakeRtts = c.handshakeRtts;
            sweepReprovide = c.sweepReprovide;
            sybils = c.sybils;
        }
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
