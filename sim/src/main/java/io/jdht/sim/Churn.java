package io.jdht.sim;

import java.util.random.RandomGenerator;

/**
 * The {@code ipfs} churn model: the two populations of IPFS DHT servers. The tail's sessions are a
 * Weibull fitted through ProbeLab's measurement of newly seen DHT servers (RFM 2, 2022: half gone
 * within 2 h, 80 % within 8 h); the core's share follows the 85–90 % of online servers that were
 * stable in 2023 (Trautwein, IETF 118); sessions are heavy-tailed rather than exponential, as
 * Stutzbach and Rejaie measured in other DHTs (IMC 2006).
 *
 * <ul>
 *   <li>A <b>stable core</b>, two thirds of the identities: sessions exponential with a mean of
 *       7 days, gaps of 4 h on average (availability ≈ 98 %).
 *   <li>A <b>churning tail</b>, one third: sessions Weibull with shape 0.61 and scale 3.66 h
 *       (RFM2's fit: half of new peers gone within 2 h, 80 % within 8 h), gaps exponential with a
 *       mean of 12.6 h, so the tail is online 30 % of the time.
 * </ul>
 *
 * With these shares the stable core makes up about 87 % of the servers online at any moment, the
 * 85–90 % measured in 2023. A node starts online with its population's availability, in a session
 * whose remaining length is drawn afresh. Bootstrap nodes never leave.
 */
final class Churn {
    static final double CORE_SHARE = 2.0 / 3.0;
    private static final double CORE_SESSION_MEAN_H = 7 * 24;
    private static final double CORE_GAP_MEAN_H = 4;
    private static final double TAIL_SHAPE = 0.61;
    private static final double TAIL_SCALE_H = 3.66;
    private static final double TAIL_GAP_MEAN_H = 12.6;
    /** The tail's mean session is λ·Γ(1 + 1/k) = 3.66 h × 1.47 ≈ 5.4 h. */
    private static final double TAIL_SESSION_MEAN_H = 5.4;

    private final RandomGenerator random;

    Churn(RandomGenerator random) {
        this.random = random;
    }

    /** Which population a node belongs to: true for the stable core. */
    boolean core() {
        return random.nextDouble() < CORE_SHARE;
    }

    /** Whether a node of the population is online at the start (its share of time online). */
    boolean onlineAtStart(boolean core) {
        double up = core ? CORE_SESSION_MEAN_H : TAIL_SESSION_MEAN_H;
        double down = core ? CORE_GAP_MEAN_H : TAIL_GAP_MEAN_H;
        return random.nextDouble() < up / (up + down);
    }

    /** A session length, in microseconds. */
    long sessionMicros(boolean core) {
        double hours = core
                ? -CORE_SESSION_MEAN_H * Math.log(1 - random.nextDouble())
                : TAIL_SCALE_H * Math.pow(-Math.log(1 - random.nextDouble()), 1 / TAIL_SHAPE);
        return hoursToMicros(hours);
    }

    /** A time offline, in microseconds. */
    long gapMicros(boolean core) {
        double mean = core ? CORE_GAP_MEAN_H : TAIL_GAP_MEAN_H;
        return hoursToMicros(-mean * Math.log(1 - random.nextDouble()));
    }

    private static long hoursToMicros(double hours) {
        return (long) Math.min(hours * 3_600e6, 1e15);
    }
}
